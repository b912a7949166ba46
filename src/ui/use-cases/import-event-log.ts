import {
  Accounts,
  COMMAND_SCHEMAS,
  Commands,
  ConfirmedRequests,
  createBankSystem,
  EVENT_TYPES,
  LedgerService,
  newerRulesOf,
  parseRequest,
  Sagas,
  TransactionLog,
  type AccountView,
} from '../../bank';
import { Mapper, type Persistence, type Recorder, type RunnerKind, type StoredEvent } from '../../eventsourcing';
import {
  EVENT_LOG_FORMAT,
  EVENT_LOG_FORMAT_VERSION,
  eventLogFileSchema,
  eventLogFileV1Schema,
  type AccountSummary,
  type EventLogFileV1,
  type ExportedRequest,
} from './event-log-file';
import { ImportRefusedError } from './import-refused-error';
import { requestLogOf } from './request-log-of';
import { sha256Hex } from './sha256-hex';

/** An account the file says the bank holds: a file of format version 1 lists only id and balance. */
export type ExpectedAccount = Pick<AccountSummary, 'id' | 'balance'> & Partial<AccountSummary>;

/** An export file read and checked, ready to import: its requests in order, and the bank they must give. */
export interface CheckedEventLog {
  /** The layout the file was written in (1: every application's events; 2: the requests). */
  readonly formatVersion: number;
  /** The requests the bank is derived from, in order. */
  readonly requests: readonly ExportedRequest[];
  /** Requests that were waiting to sync where the file was saved: decided after the others, unchecked. */
  readonly pending: readonly ExportedRequest[];
  readonly summary: {
    readonly accounts: readonly ExpectedAccount[];
    readonly ledgerBalance: number | string;
    readonly transactionCount: number;
  };
}

/** What an import brought in. */
export interface ImportResult {
  readonly accounts: number;
  readonly requests: number;
  readonly ledgerBalance: number;
}

/** The stores of the bank: an import fills them only when every one is empty. */
export const BANK_STORE_NAMES: readonly string[] = [
  Commands.applicationName,
  Sagas.applicationName,
  Accounts.applicationName,
  LedgerService.applicationName,
  TransactionLog.applicationName,
  ConfirmedRequests.applicationName,
];

const mapper = new Mapper(COMMAND_SCHEMAS);
const REQUEST_TYPES: ReadonlySet<string> = new Set(Object.values(EVENT_TYPES));

/**
 * Reads an export file and checks it before anything is written: JSON, this app's format (version 2, or version 1
 * of earlier versions of the app, whose requests are taken from its `commands` and `accounts` logs), the digest,
 * and every request: known, well formed, under rules this code knows, each id once. Whether the requests give the
 * balances the file lists is for `writeEventLog` to find out, by deriving them. Throws `ImportRefusedError`.
 */
export async function readEventLogFile(text: string): Promise<CheckedEventLog> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ImportRefusedError('unreadable', 'This file is not a bank export: it cannot be read as JSON.', {
      cause: error,
    });
  }
  const { format, formatVersion } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (format === EVENT_LOG_FORMAT && typeof formatVersion === 'number' && formatVersion > EVENT_LOG_FORMAT_VERSION) {
    throw newerVersion();
  }
  const log = formatVersion === 1 ? await readVersion1(raw) : await readVersion2(raw);
  checkRequests([...log.requests, ...log.pending]);
  return log;
}

/**
 * Imports a checked export into the bank's empty stores: writes its requests into `commands`, lets the bank derive
 * them (sagas, accounts, ledger, transaction log, by the rules, as for requests made here) and compares the bank
 * with the file's summary; then writes the requests that were waiting to sync, for the bank to decide next. The
 * bank system on this persistence must be stopped (another tab's may run: it then derives, and this waits for it).
 *
 * On a summary that does not match, or a write that fails (a full disk), everything written is erased
 * (`Recorder.erase`) and the device is as before: `ImportRefusedError` `inconsistent` or `undone`. When another tab
 * wrote meanwhile, nothing is erased (`interrupted`), so as not to delete its work.
 */
export async function writeEventLog(
  persistence: Persistence,
  log: CheckedEventLog,
  options: { readonly runner?: RunnerKind } = {},
): Promise<ImportResult> {
  const commands = persistence.recorder(Commands.applicationName);
  const recorders = new Map(
    BANK_STORE_NAMES.map((name) => [name, name === Commands.applicationName ? commands : persistence.recorder(name)]),
  );
  try {
    for (const recorder of recorders.values()) {
      if ((await recorder.maxNotificationId()) > 0) throw notEmpty();
    }
    let written = 0;
    try {
      written = await insertRequests(commands, log.requests, written);
      const derived = await derive(persistence, options.runner ?? 'rx');
      if (!matchesSummary(log, derived.accounts, derived.exactLedgerBalance, derived.transactionCount)) {
        throw doesNotAddUp(log);
      }
      written = await insertRequests(commands, log.pending, written);
      return { accounts: derived.accounts.length, requests: written, ledgerBalance: derived.ledgerBalance };
    } catch (error) {
      return await undo(recorders, commands, written, error);
    }
  } finally {
    await Promise.all([...recorders.values()].map((recorder) => recorder.close()));
  }
}

/** Whether the accounts and ledger derived here are those the file lists (every field it lists, in order). */
export function matchesSummary(
  log: CheckedEventLog,
  accounts: readonly AccountView[],
  ledgerBalance: bigint | number,
  transactionCount: number,
): boolean {
  const expected = log.summary.accounts;
  return (
    BigInt(ledgerBalance) === BigInt(log.summary.ledgerBalance) &&
    transactionCount === log.summary.transactionCount &&
    accounts.length === expected.length &&
    accounts.every((account, index) => {
      const listed = expected[index];
      return (
        listed !== undefined &&
        (Object.keys(listed) as (keyof AccountSummary)[]).every((field) => listed[field] === account[field])
      );
    })
  );
}

/** Writes requests after the `written` ones; returns how many the store holds now. */
async function insertRequests(
  commands: Recorder,
  requests: readonly ExportedRequest[],
  written: number,
): Promise<number> {
  if (requests.length === 0) return written;
  const events: StoredEvent[] = requests.map(({ id, type, schemaVersion, timestamp, data }) => ({
    originatorId: id,
    originatorVersion: 1,
    type,
    schemaVersion,
    timestamp,
    data: data as StoredEvent['data'],
  }));
  const ids = await commands.insert(events);
  // In a store that held exactly the `written` requests, they are numbered on from there; anything else means that
  // another tab wrote meanwhile.
  if (ids.some((id, index) => id !== written + index + 1)) throw interrupted();
  return written + ids.length;
}

/** Starts the bank on the stores, lets it derive everything, and reads what it derived. */
async function derive(persistence: Persistence, runner: RunnerKind) {
  const system = await createBankSystem({ persistence, runner });
  try {
    await system.settled();
    const { exactBalance, transactionCount } = await system.ledger.getTotals();
    return {
      accounts: await system.accounts.listAccounts(),
      ledgerBalance: await system.ledger.getBalance(),
      exactLedgerBalance: exactBalance,
      transactionCount,
    };
  } finally {
    await system.stop();
  }
}

/**
 * Erases what the import wrote, and says why it stopped. The stores were empty: erasing them all (the derived ones
 * too) puts the device back as it was; unless another tab wrote requests meanwhile, which must not be deleted.
 */
async function undo(
  recorders: ReadonlyMap<string, Recorder>,
  commands: Recorder,
  written: number,
  error: unknown,
): Promise<never> {
  if ((await commands.maxNotificationId().catch(() => -1)) !== written) {
    throw error instanceof ImportRefusedError && error.code === 'interrupted' ? error : interrupted(error);
  }
  try {
    await Promise.all([...recorders.values()].map((recorder) => recorder.erase()));
  } catch {
    throw error;
  }
  if (error instanceof ImportRefusedError) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  throw new ImportRefusedError(
    'undone',
    `The import could not be written (${reason}), so everything it had written was deleted again.`,
    { cause: error },
  );
}

async function readVersion2(raw: unknown): Promise<CheckedEventLog> {
  const parsed = eventLogFileSchema.safeParse(raw);
  if (!parsed.success) throw notAnExport(parsed.error);
  const { requests, pending, summary } = raw as Record<'requests' | 'pending' | 'summary', unknown>;
  if ((await sha256Hex(JSON.stringify({ requests, pending, summary }))) !== parsed.data.digest) throw damaged();
  const file = parsed.data;
  return { formatVersion: file.formatVersion, requests: file.requests, pending: file.pending, summary: file.summary };
}

/**
 * A file of earlier versions of the app: its requests are recovered from its `commands` and `accounts` logs as a
 * device's stores give them (`requestLogOf`); the rest of the file (what was derived from them) is not needed.
 */
async function readVersion1(raw: unknown): Promise<CheckedEventLog> {
  const parsed = eventLogFileV1Schema.safeParse(raw);
  if (!parsed.success) throw notAnExport(parsed.error);
  const digest = await sha256Hex(JSON.stringify((raw as { applications: unknown }).applications));
  if (digest !== parsed.data.digest) throw damaged();
  const file = parsed.data;
  const logOf = (name: string) => {
    const application = file.applications.find((candidate) => candidate.name === name);
    if (application === undefined) inconsistent(`it has no ${name} log`);
    checkOrder(application);
    return application.notifications;
  };
  return {
    formatVersion: file.formatVersion,
    requests: requestLogOf(logOf(Commands.applicationName), logOf(Accounts.applicationName)),
    pending: [],
    summary: file.summary,
  };
}

/** Ids increasing; each aggregate's versions 1, 2, 3… in log order. */
function checkOrder(application: EventLogFileV1['applications'][number]): void {
  let previous = 0;
  const versions = new Map<string, number>();
  for (const notification of application.notifications) {
    if (notification.id <= previous) inconsistent(`the ${application.name} log is out of order`);
    previous = notification.id;
    const version = versions.get(notification.originatorId) ?? 0;
    if (notification.originatorVersion !== version + 1) inconsistent(`the ${application.name} log has a gap`);
    versions.set(notification.originatorId, notification.originatorVersion);
  }
}

/** Every request known to this code, well formed once upcast, under rules it knows, and each id only once. */
function checkRequests(requests: readonly ExportedRequest[]): void {
  const ids = new Set<string>();
  requests.forEach((request, index) => {
    const where = `request ${index + 1}`;
    if (ids.has(request.id)) inconsistent(`${where} repeats an earlier one`);
    ids.add(request.id);
    if (!REQUEST_TYPES.has(request.type)) inconsistent(`${where} is of no kind this bank knows`);
    if (request.schemaVersion > mapper.versionOf(request.type)) throw newerVersion();
    let data: unknown;
    try {
      data = mapper.upcast(request.type, request.schemaVersion, request.data as StoredEvent['data']);
    } catch {
      inconsistent(`${where} is in a layout this bank never wrote`);
    }
    const parsed = parseRequest(request.type, data);
    if (newerRulesOf(parsed) !== undefined) throw newerVersion();
    if (!parsed.ok) inconsistent(`${where} is malformed`);
  });
}

function notAnExport(cause: unknown): ImportRefusedError {
  return new ImportRefusedError('not-an-export', 'This file is not an export of this bank.', { cause });
}

function newerVersion(): ImportRefusedError {
  return new ImportRefusedError(
    'newer-version',
    'This export was made by a newer version of the app. Update the app on this device (reload it), then import again.',
  );
}

function damaged(): ImportRefusedError {
  return new ImportRefusedError('damaged', 'This export is damaged: its contents changed after it was saved.');
}

function notEmpty(): ImportRefusedError {
  return new ImportRefusedError(
    'not-empty',
    'This device already has a bank. An export can only be imported into an empty one, such as a new browser profile.',
  );
}

function doesNotAddUp(log: CheckedEventLog): ImportRefusedError {
  return new ImportRefusedError(
    'inconsistent',
    log.formatVersion < EVENT_LOG_FORMAT_VERSION
      ? 'This export was saved by an earlier version of the app, and replaying its history does not give the balances it lists, so it cannot be imported.'
      : 'This export does not add up: replaying its history gives other balances than the ones it lists, so it was changed after it was saved.',
  );
}

function interrupted(cause?: unknown): ImportRefusedError {
  return new ImportRefusedError(
    'interrupted',
    'Another tab of the app changed the bank while the import ran, so the import stopped. Close the other tabs, clear this site’s data, and import again.',
    { cause },
  );
}

function inconsistent(what: string): never {
  throw new ImportRefusedError('inconsistent', `This export cannot be imported: ${what}.`);
}
