import {
  COMMAND_SCHEMAS,
  parseRequest,
  type BankApplications,
  type BankSystem,
  type RequestConfirmed,
} from '../../bank';
import { Mapper, type Application, type StoredNotification } from '../../eventsourcing';
import {
  EVENT_LOG_FORMAT,
  EVENT_LOG_FORMAT_VERSION,
  type AccountSummary,
  type EventLogFile,
  type ExportedRequest,
} from './event-log-file';
import { requestLogOf } from './request-log-of';
import { sha256Hex } from './sha256-hex';

const PAGE_SIZE = 1000;
const ATTEMPTS = 5;
const mapper = new Mapper(COMMAND_SCHEMAS);

/**
 * Reads the bank into an export file: the requests it is derived from, in that order, and the bank they gave.
 *
 * A device that is its own sequencer is derived from its `commands` log (`requestLogOf`). A device that syncs is
 * derived from the vault's order (`confirmedRequests`): its requests are those of the vault log, each id once, and
 * `pending` holds this device's requests that the vault has not confirmed yet. Nothing else is needed: sagas,
 * accounts, ledger and transaction log are what the rules derive from the requests.
 *
 * The logs live in separate stores, so no single transaction can read them all. Instead the export waits for the
 * bank to settle, notes every head and the derivation's position, reads, and notes them again: if nothing moved and
 * the derivation had reached the end of its log, what was read is one consistent state. If something did move
 * (another tab was busy), it reads again.
 */
export async function exportEventLog(system: BankSystem, appVersion: string): Promise<EventLogFile> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    await system.settled();
    const before = await marks(system);
    const { requests, pending } = await readRequests(system);
    const summary = await summaryOf(system);
    const after = await marks(system);
    const [upstreamHead, derivedUpTo] = before;
    if (before.join() !== after.join() || upstreamHead !== derivedUpTo) continue;
    const body = { requests, pending, summary };
    return {
      format: EVENT_LOG_FORMAT,
      formatVersion: EVENT_LOG_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      appVersion,
      ...body,
      digest: await sha256Hex(JSON.stringify(body)),
    };
  }
  throw new Error('The bank kept changing while it was being saved. Close other tabs of the app and try again.');
}

/** The head of the log the bank is derived from, the derivation's position in it, and every other head. */
async function marks(system: BankApplications): Promise<number[]> {
  const upstream = system.confirmedRequests ?? system.commands;
  const applications: Application[] = [system.commands, system.sagas, system.accounts, system.ledger];
  return [
    await upstream.recorder.maxNotificationId(),
    await system.derivation.position(upstream.name),
    ...(await Promise.all(applications.map((application) => application.recorder.maxNotificationId()))),
  ];
}

async function readRequests(
  system: BankApplications,
): Promise<{ requests: ExportedRequest[]; pending: ExportedRequest[] }> {
  const commands = await readLog(system.commands);
  if (system.confirmedRequests === undefined) {
    return { requests: requestLogOf(commands, await readLog(system.accounts)), pending: [] };
  }
  const requests = vaultRequests(await readLog(system.confirmedRequests));
  const confirmed = new Set(requests.map((request) => request.id));
  const pending = commands
    .filter((command) => !confirmed.has(command.originatorId))
    .map(({ originatorId: id, type, schemaVersion, timestamp, data }) => ({
      id,
      type,
      schemaVersion,
      timestamp,
      data,
    }));
  return { requests, pending };
}

/**
 * The requests of the vault log, in its order. An entry that could not be opened or read, or that repeats an
 * earlier id, was decided as changing nothing: it is left out.
 */
function vaultRequests(entries: readonly StoredNotification[]): ExportedRequest[] {
  const seen = new Set<string>();
  const requests: ExportedRequest[] = [];
  for (const entry of entries) {
    const { request } = (entry.data as RequestConfirmed['data'] | undefined) ?? { request: null };
    if (request === null || typeof request !== 'object') continue;
    const { id, type, timestamp, data } = request as Record<string, unknown>;
    if (typeof id !== 'string' || typeof type !== 'string' || typeof timestamp !== 'string') continue;
    if (typeof data !== 'object' || data === null || seen.has(id) || !parseRequest(type, data).ok) continue;
    seen.add(id);
    requests.push({ id, type, schemaVersion: mapper.versionOf(type), timestamp, data: { ...data } });
  }
  return requests;
}

/** Every account and the ledger, as the bank derived them. */
async function summaryOf(system: BankApplications): Promise<EventLogFile['summary']> {
  const accounts = await system.accounts.listAccounts();
  const { exactBalance, transactionCount } = await system.ledger.getTotals();
  return {
    accounts: accounts.map(({ id, balance, overdraftLimit, isClosed, version }): AccountSummary => ({
      id,
      balance,
      overdraftLimit,
      isClosed,
      version,
    })),
    ledgerBalance: exactOrDigits(exactBalance),
    transactionCount,
  };
}

/** Every stored notification of an application's log, raw (as stored, not upcast), in order. */
async function readLog(application: Application): Promise<StoredNotification[]> {
  const notifications: StoredNotification[] = [];
  for (let start = 1; ;) {
    const page = await application.recorder.selectNotifications(start, PAGE_SIZE);
    const last = page.at(-1);
    if (last === undefined) return notifications;
    notifications.push(...page);
    start = last.id + 1;
  }
}

/** A sum of cents as a number when it is a safe integer, else as its exact digits. */
function exactOrDigits(cents: bigint): number | string {
  const number = Number(cents);
  return Number.isSafeInteger(number) ? number : cents.toString();
}
