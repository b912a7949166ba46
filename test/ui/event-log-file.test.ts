import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBankSystem, type BankSystem } from '../../src/bank';
import { memoryPersistence } from '../../src/eventsourcing';
import { exportEventLog, ImportRefusedError, readEventLogFile, writeEventLog, type EventLogFile } from '../../src/ui';
import { fullDisk } from '../fixtures/full-disk';

/** The event-log file: export, the checks before an import, and the import itself, on memory storage. */

async function givenBank(): Promise<{ system: BankSystem; file: EventLogFile; text: string }> {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
  const alice = await system.accounts.openAccount({ name: 'Alice' });
  const bob = await system.accounts.openAccount({ name: 'Bob', overdraftLimit: 1_000 });
  await system.commands.depositFunds(alice, 10_000);
  await system.commands.transferFunds(alice, bob, 2_500);
  await system.commands.withdrawFunds(bob, 4_000);
  await system.commands.withdrawFunds(bob, 100_000);
  await system.accounts.closeAccount(bob);
  await system.commands.transferFunds(alice, bob, 100);
  await system.settled();
  const file = await exportEventLog(system, 'test');
  return { system, file, text: JSON.stringify(file) };
}

async function refusal(text: string): Promise<string> {
  try {
    await readEventLogFile(text);
  } catch (error) {
    if (error instanceof ImportRefusedError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('Event log file', () => {
  describe('when exported and imported into an empty store', () => {
    it('gives the same accounts, ledger and sagas, and the followers process nothing again', async () => {
      const { system, text } = await givenBank();
      const file = await readEventLogFile(text);
      const persistence = memoryPersistence();
      await writeEventLog(persistence, file);
      const imported = await createBankSystem({ persistence, runner: 'sync' });
      await imported.settled();
      expect(await imported.accounts.listAccounts()).toEqual(await system.accounts.listAccounts());
      expect(await imported.ledger.getBalance()).toBe(await system.ledger.getBalance());
      expect(await imported.ledger.getTransactionCount()).toBe(await system.ledger.getTransactionCount());
      expect(await imported.sagas.listSagas()).toEqual(await system.sagas.listSagas());
      expect(await imported.transactionLog.getTransactions()).toEqual(await system.transactionLog.getTransactions());
      for (const name of ['commands', 'sagas', 'accounts', 'ledger', 'transaction-log'] as const) {
        const recorder = persistence.recorder(name);
        const original = file.applications.find((application) => application.name === name);
        expect(await recorder.maxNotificationId()).toBe(original?.notifications.length);
      }
      await imported.stop();
      await system.stop();
    });

    it("moves the followers' tracking stamps to the new ids, as their tracking records (ids with gaps in the file)", async () => {
      const { system, file } = await givenBank();
      // The same log as a device whose ids had gaps would export it: every id doubled, positions and stamps too.
      const applications = file.applications.map((application) => ({
        ...application,
        notifications: application.notifications.map(({ tracking: stamp, ...notification }) => ({
          ...notification,
          id: notification.id * 2,
          ...(stamp === undefined ? {} : { tracking: { ...stamp, notificationId: stamp.notificationId * 2 } }),
        })),
        tracking: application.tracking.map((tracking) => ({
          ...tracking,
          notificationId: tracking.notificationId * 2,
        })),
      }));
      const stamps = applications.flatMap((application) => application.notifications.map((n) => n.tracking));
      expect(stamps.filter((stamp) => stamp !== undefined).length).toBeGreaterThan(0);
      const gapped = await readEventLogFile(
        JSON.stringify({ ...file, applications, digest: sha256(JSON.stringify(applications)) }),
      );
      const persistence = memoryPersistence();
      await writeEventLog(persistence, gapped);
      for (const original of file.applications) {
        const imported = await persistence.recorder(original.name).selectNotifications(1, 10_000);
        expect(imported.map((notification) => notification.tracking)).toEqual(
          original.notifications.map((notification) => notification.tracking),
        );
      }
      await system.stop();
    });

    it('undoes an import the disk could not hold: every store empty again, and a later import succeeds', async () => {
      const { system, text } = await givenBank();
      const file = await readEventLogFile(text);
      const persistence = fullDisk(memoryPersistence(), 'ledger');
      const failure = await writeEventLog(persistence, file).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ImportRefusedError);
      expect(failure).toMatchObject({ code: 'undone' });
      for (const name of ['commands', 'sagas', 'accounts', 'ledger', 'transaction-log'] as const) {
        const recorder = persistence.recorder(name);
        expect(await recorder.maxNotificationId()).toBe(0);
        expect(await recorder.position('accounts')).toBe(0);
      }
      persistence.full(false);
      await writeEventLog(persistence, file);
      const imported = await createBankSystem({ persistence, runner: 'sync' });
      await imported.settled();
      expect(await imported.accounts.listAccounts()).toEqual(await system.accounts.listAccounts());
      expect(await imported.ledger.getBalance()).toBe(await system.ledger.getBalance());
      await imported.stop();
      await system.stop();
    });

    it('refuses a store that already holds events, writing nothing', async () => {
      const { system, text } = await givenBank();
      const file = await readEventLogFile(text);
      const persistence = memoryPersistence();
      await writeEventLog(persistence, file);
      await expect(writeEventLog(persistence, file)).rejects.toMatchObject({ code: 'not-empty' });
      expect(await persistence.recorder('accounts').maxNotificationId()).toBe(
        file.applications.find((application) => application.name === 'accounts')?.notifications.length,
      );
      await system.stop();
    });
  });

  describe('when the file is not sound', () => {
    it('refuses it before anything is written, saying why', async () => {
      const { system, file, text } = await givenBank();
      expect(await refusal(text.slice(0, -10))).toBe('unreadable');
      expect(await refusal('{"format":"something else"}')).toBe('not-an-export');
      expect(await refusal(JSON.stringify({ ...file, formatVersion: 2 }))).toBe('not-an-export');
      expect(await refusal(text.replace('"amount":10000', '"amount":10001'))).toBe('damaged');

      // Consistent digest, but the summary does not match what the events add up to.
      const lying = { ...file, summary: { ...file.summary, ledgerBalance: file.summary.ledgerBalance + 1 } };
      expect(await refusal(JSON.stringify(lying))).toBe('inconsistent');

      // Re-signed after an event was taken out of the accounts log: a gap in an aggregate's versions.
      const applications = file.applications.map((application) =>
        application.name === 'accounts'
          ? { ...application, notifications: application.notifications.filter((_, index) => index !== 3) }
          : application,
      );
      const gap = { ...file, applications, digest: sha256(JSON.stringify(applications)) };
      expect(await refusal(JSON.stringify(gap))).toBe('inconsistent');
      await system.stop();
    });
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
