import type { Application, StoredNotification } from '../eventsourcing';
import type { BankSystem } from '../bank';
import { BANK_APPLICATION_NAMES, bankApplications } from './bank-applications';
import {
  EVENT_LOG_FORMAT,
  EVENT_LOG_FORMAT_VERSION,
  type EventLogFile,
  type ExportedApplication,
} from './event-log-file';
import { sha256Hex } from './sha256-hex';

const PAGE_SIZE = 1000;
const ATTEMPTS = 5;

/**
 * Reads the whole event log of the bank into an export file.
 *
 * The applications live in separate databases, so no single transaction can read them all. Instead the export
 * waits for the followers to settle, notes every head and tracking position, reads every log, and notes them again:
 * if nothing moved in between, what was read is one consistent state (a follower's events and its tracking are
 * always written together). If something did move (another tab was busy), it reads again.
 */
export async function exportEventLog(system: BankSystem, appVersion: string): Promise<EventLogFile> {
  const applications = bankApplications(system);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    await system.settled();
    const before = await marks(applications);
    const exported = await Promise.all(applications.map((application) => exportApplication(application, before)));
    const after = await marks(applications);
    if (before.join() !== after.join()) continue;
    const accounts = await system.accounts.listAccounts();
    return {
      format: EVENT_LOG_FORMAT,
      formatVersion: EVENT_LOG_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      appVersion,
      applications: exported,
      summary: {
        accounts: accounts.map(({ id, balance }) => ({ id, balance })),
        ledgerBalance: await system.ledger.getBalance(),
        transactionCount: await system.ledger.getTransactionCount(),
      },
      digest: await sha256Hex(JSON.stringify(exported)),
    };
  }
  throw new Error('The bank kept changing while it was being exported. Close other tabs and try again.');
}

/** Every application's head, then every (follower, upstream) tracking position. */
async function marks(applications: readonly Application[]): Promise<number[]> {
  const heads = await Promise.all(applications.map((application) => application.recorder.maxNotificationId()));
  const positions = await Promise.all(
    applications.flatMap((application) => BANK_APPLICATION_NAMES.map((name) => application.recorder.position(name))),
  );
  return [...heads, ...positions];
}

async function exportApplication(
  application: Application,
  marksBefore: readonly number[],
): Promise<ExportedApplication> {
  const index = BANK_APPLICATION_NAMES.indexOf(application.name);
  const head = marksBefore[index] ?? 0;
  const notifications: StoredNotification[] = [];
  for (let start = 1; start <= head;) {
    const page = await application.recorder.selectNotifications(start, PAGE_SIZE);
    const last = page.at(-1);
    if (last === undefined) break;
    notifications.push(...page.filter((notification) => notification.id <= head));
    start = last.id + 1;
  }
  const tracking = [];
  for (const upstreamName of BANK_APPLICATION_NAMES) {
    const notificationId = await application.recorder.position(upstreamName);
    if (notificationId > 0) tracking.push({ upstreamName, notificationId });
  }
  return {
    name: application.name,
    notifications: notifications.map(
      ({ id, originatorId, originatorVersion, type, schemaVersion, timestamp, data, tracking: stamp }) => ({
        id,
        originatorId,
        originatorVersion,
        type,
        schemaVersion,
        timestamp,
        data: data,
        ...(stamp === undefined ? {} : { tracking: stamp }),
      }),
    ),
    tracking,
  };
}
