import { createBankSystem, type AccountView } from '../bank';
import {
  memoryPersistence,
  type Persistence,
  type Recorder,
  type StoredEvent,
  type TrackingInsert,
} from '../eventsourcing';
import { BANK_APPLICATION_NAMES } from './bank-applications';
import { eventLogFileSchema, type EventLogFile } from './event-log-file';
import { ImportRefusedError } from './import-refused-error';
import { sha256Hex } from './sha256-hex';

/** What an import brought in. */
export interface ImportSummary {
  readonly accounts: number;
  readonly events: number;
  readonly ledgerBalance: number;
}

/**
 * Reads an export file and proves it sound before anything is written: JSON, the schema, the digest, the order of
 * every log, and then a full rehearsal in memory (the events and tracking positions written to a memory store, the
 * bank system started on it) whose balances must equal the file's summary. Throws `ImportRefusedError` otherwise.
 */
export async function readEventLogFile(text: string): Promise<EventLogFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ImportRefusedError('unreadable', 'This file is not a bank export: it cannot be read as JSON.', {
      cause: error,
    });
  }
  const parsed = eventLogFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ImportRefusedError(
      'not-an-export',
      'This file is not an export of this bank, or comes from a newer version of the app.',
      { cause: parsed.error },
    );
  }
  const file = parsed.data;
  const digest = await sha256Hex(JSON.stringify((raw as { applications: unknown }).applications));
  if (digest !== file.digest) {
    throw new ImportRefusedError('damaged', 'This export is damaged: its contents changed after it was saved.');
  }
  checkLogs(file);
  await rehearse(file);
  return file;
}

/**
 * Writes a checked export into the bank's empty stores: every application's events in their original order, and
 * every follower's tracking positions (and the tracking stamps of its events) moved to the new notification ids, so
 * that no follower processes anything again. The bank system on this persistence must be stopped. Trackings go
 * first: a follower running in another tab then never takes an imported event for new work.
 */
export async function writeEventLog(persistence: Persistence, file: EventLogFile): Promise<void> {
  const recorders = new Map(BANK_APPLICATION_NAMES.map((name) => [name, persistence.recorder(name)]));
  try {
    for (const recorder of recorders.values()) {
      if ((await recorder.maxNotificationId()) > 0) {
        throw new ImportRefusedError(
          'not-empty',
          'This device already has a bank. An export can only be imported into an empty one, such as a new browser profile.',
        );
      }
    }
    const written = new Map<string, number>();
    try {
      await writeInto(recorders, file, written);
    } catch (error) {
      // The stores were empty: deleting what the import wrote puts the device back as it was; unless something else
      // wrote meanwhile (another tab), which must not be deleted with it.
      try {
        for (const [name, recorder] of recorders) {
          if ((await recorder.maxNotificationId()) !== (written.get(name) ?? 0)) throw error;
        }
        await Promise.all([...recorders.values()].map((recorder) => recorder.erase()));
      } catch {
        throw error;
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new ImportRefusedError(
        'undone',
        `The import could not be written (${reason}), so everything it had written was deleted again.`,
        { cause: error },
      );
    }
  } finally {
    await Promise.all([...recorders.values()].map((recorder) => recorder.close()));
  }
}

/**
 * Writes the file's tracking records, then its events, into empty stores (see `writeEventLog`), noting in `written`
 * how many events each store got (ids 1 to n).
 */
async function writeInto(
  recorders: ReadonlyMap<string, Recorder>,
  file: EventLogFile,
  written: Map<string, number>,
): Promise<void> {
  const oldIds = new Map(file.applications.map((application) => [application.name, idsIn(application)]));
  for (const application of file.applications) {
    const recorder = recorders.get(application.name);
    if (recorder === undefined) continue;
    for (const { upstreamName, notificationId } of application.tracking) {
      const position = newPosition(oldIds.get(upstreamName) ?? [], notificationId);
      if (position === 0) continue;
      const expectedPosition = await recorder.position(upstreamName);
      const tracking: TrackingInsert = { upstreamName, notificationId: position, expectedPosition };
      await recorder.insert([], { tracking });
    }
  }
  for (const application of file.applications) {
    const events: StoredEvent[] = application.notifications.map(({ id: _id, tracking: stamp, ...event }) => {
      // A follower's stamp moves to the new ids too, as its tracking records do (a later push carries it).
      const position =
        stamp === undefined ? 0 : newPosition(oldIds.get(stamp.upstreamName) ?? [], stamp.notificationId);
      return {
        ...event,
        data: event.data as StoredEvent['data'],
        ...(stamp === undefined || position === 0 ? {} : { tracking: { ...stamp, notificationId: position } }),
      };
    });
    const ids = events.length === 0 ? [] : ((await recorders.get(application.name)?.insert(events)) ?? []);
    if (ids.some((id, index) => id !== index + 1)) {
      throw new Error(`The ${application.name} store numbered the imported events unexpectedly.`);
    }
    written.set(application.name, ids.length);
  }
}

/** The file's summary as an import result. */
export function importSummary(file: EventLogFile): ImportSummary {
  return {
    accounts: file.summary.accounts.length,
    events: file.applications.reduce((total, application) => total + application.notifications.length, 0),
    ledgerBalance: file.summary.ledgerBalance,
  };
}

/** Whether the accounts and ledger now on the device are those the file describes. */
export function matchesSummary(file: EventLogFile, accounts: readonly AccountView[], ledgerBalance: number): boolean {
  const expected = file.summary.accounts;
  return (
    ledgerBalance === file.summary.ledgerBalance &&
    accounts.length === expected.length &&
    accounts.every((account, index) => {
      const summary = expected[index];
      return summary?.id === account.id && summary.balance === account.balance;
    })
  );
}

/** Every application once; ids increasing; each aggregate's versions 1, 2, 3… in log order; positions in range. */
function checkLogs(file: EventLogFile): void {
  const names = file.applications.map((application) => application.name);
  const expected = [...BANK_APPLICATION_NAMES].sort();
  if (names.length !== expected.length || [...names].sort().some((name, index) => name !== expected[index])) {
    inconsistent('it does not hold exactly the bank’s applications');
  }
  const heads = new Map(
    file.applications.map((application) => [application.name, application.notifications.at(-1)?.id ?? 0]),
  );
  for (const application of file.applications) {
    let previous = 0;
    const versions = new Map<string, number>();
    for (const notification of application.notifications) {
      if (notification.id <= previous) inconsistent(`the ${application.name} log is out of order`);
      previous = notification.id;
      const version = versions.get(notification.originatorId) ?? 0;
      if (notification.originatorVersion !== version + 1) inconsistent(`the ${application.name} log has a gap`);
      versions.set(notification.originatorId, notification.originatorVersion);
    }
    for (const { upstreamName, notificationId } of application.tracking) {
      const head = heads.get(upstreamName);
      if (head === undefined || upstreamName === application.name || notificationId > head) {
        inconsistent(`the ${application.name} position in ${upstreamName} is out of range`);
      }
    }
  }
}

/** Imports the file into a memory store, runs the bank on it, and compares with the summary. */
async function rehearse(file: EventLogFile): Promise<void> {
  const persistence = memoryPersistence();
  await writeEventLog(persistence, file);
  let matches = false;
  let failure: unknown;
  try {
    const system = await createBankSystem({ persistence, runner: 'sync' });
    try {
      await system.settled();
      const accounts = await system.accounts.listAccounts();
      const ledgerBalance = await system.ledger.getBalance();
      const sum = accounts.reduce((total, account) => total + account.balance, 0);
      await system.sagas.listSagas();
      matches = sum === ledgerBalance && matchesSummary(file, accounts, ledgerBalance);
    } finally {
      await system.stop();
    }
  } catch (error) {
    failure = error;
  }
  if (!matches) inconsistent('its events do not add up to the balances it lists', failure);
}

/** The notification ids an application's events had where they were exported, in order. */
function idsIn(application: EventLogFile['applications'][number]): readonly number[] {
  return application.notifications.map((notification) => notification.id);
}

/**
 * The new position for an old one. In an empty store the imported events get the ids 1, 2, 3… in their original
 * order, so the new position is how many of the upstream's events had an id up to the old one.
 */
function newPosition(oldIds: readonly number[], oldPosition: number): number {
  let count = 0;
  for (const id of oldIds) {
    if (id > oldPosition) break;
    count++;
  }
  return count;
}

function inconsistent(what: string, cause?: unknown): never {
  throw new ImportRefusedError('inconsistent', `This export cannot be imported: ${what}.`, { cause });
}
