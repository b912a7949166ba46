import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBankSystem, type BankSystem } from '../../src/bank';
import { memoryPersistence, type Persistence, type StoredNotification } from '../../src/eventsourcing';
import {
  BANK_STORE_NAMES,
  exportEventLog,
  ImportRefusedError,
  readEventLogFile,
  writeEventLog,
  type EventLogFile,
  type ExportedRequest,
} from '../../src/ui';
import { fullDisk } from '../fixtures/full-disk';
import { freshDexiePersistence } from '../fixtures/persistences';
import { writeLegacyStores } from '../fixtures/legacy-stores';

/** The export file (the log of requests) and its import, which derives the bank by the rules, on memory storage. */

interface GivenBank {
  readonly system: BankSystem;
  readonly file: EventLogFile;
  readonly text: string;
  readonly alice: string;
  readonly bob: string;
}

/**
 * Alice and Bob (overdraft limit $10.00): a deposit, a transfer, a withdrawal and a refused one, a new limit, Bob
 * emptied and closed, and a transfer to him refunded.
 */
async function givenBank(): Promise<GivenBank> {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
  const alice = await system.accounts.openAccount({ name: 'Alice' });
  const bob = await system.accounts.openAccount({ name: 'Bob', overdraftLimit: 1_000 });
  await system.commands.depositFunds(alice, 10_000);
  await system.commands.transferFunds(alice, bob, 2_500);
  await system.commands.withdrawFunds(bob, 2_000);
  await system.commands.withdrawFunds(bob, 100_000);
  await system.accounts.setOverdraftLimit(alice, 500);
  await system.commands.withdrawFunds(bob, 500);
  await system.accounts.closeAccount(bob);
  await system.commands.transferFunds(alice, bob, 100);
  await system.settled();
  const file = await exportEventLog(system, 'test');
  return { system, file, text: JSON.stringify(file), alice, bob };
}

/** The code of the refusal of `text`, or 'accepted'. */
async function refusal(text: string): Promise<string> {
  try {
    await readEventLogFile(text);
  } catch (error) {
    if (error instanceof ImportRefusedError) return error.code;
    throw error;
  }
  return 'accepted';
}

/** The file with other requests and (optionally) another summary, its digest recomputed as a forger would. */
function forged(
  file: EventLogFile,
  requests: readonly ExportedRequest[],
  summary: EventLogFile['summary'] = file.summary,
): string {
  const body = { requests, pending: file.pending, summary };
  return JSON.stringify({ ...file, ...body, digest: sha256(JSON.stringify(body)) });
}

/** A request of the file's kind, made after every other one. */
function request(type: string, data: Record<string, unknown>): ExportedRequest {
  return { id: `forged-${type}`, type, schemaVersion: 2, timestamp: '2030-01-01T00:00:00.000Z', data: { ...data } };
}

/** How many events each of the bank's stores holds. */
async function storedCounts(persistence: Persistence): Promise<number[]> {
  return Promise.all(BANK_STORE_NAMES.map((name) => persistence.recorder(name).maxNotificationId()));
}

/** Imports `text` into a new memory store and returns the bank running on it. */
async function imported(text: string): Promise<BankSystem> {
  const persistence = memoryPersistence();
  await writeEventLog(persistence, await readEventLogFile(text));
  const system = await createBankSystem({ persistence, runner: 'sync' });
  await system.settled();
  return system;
}

/** The bank as a person sees it: accounts, ledger, sagas, transaction log. */
async function bankOf(system: BankSystem) {
  return {
    accounts: await system.accounts.listAccounts(),
    ledgerBalance: await system.ledger.getBalance(),
    transactionCount: await system.ledger.getTransactionCount(),
    sagas: await system.sagas.listSagas(),
    transactions: await system.transactionLog.getTransactions(),
  };
}

describe('Event log file', () => {
  describe('when exported', () => {
    it('holds every request of the commands log in order (id, type, schema version, time, data) and the bank they gave', async () => {
      const { system, file, alice, bob } = await givenBank();
      const commands = await system.commands.recorder.selectNotifications(1, 100);
      expect(file.formatVersion).toBe(2);
      expect(file.requests).toEqual(
        commands.map(({ originatorId: id, type, schemaVersion, timestamp, data }) => ({
          id,
          type,
          schemaVersion,
          timestamp,
          data,
        })),
      );
      expect(file.requests.map((entry) => entry.type)).toEqual([
        'AccountOpeningRequested',
        'AccountOpeningRequested',
        'DepositRequested',
        'TransferRequested',
        'WithdrawalRequested',
        'WithdrawalRequested',
        'OverdraftLimitChangeRequested',
        'WithdrawalRequested',
        'AccountClosingRequested',
        'TransferRequested',
      ]);
      expect(file.pending).toEqual([]);
      expect(file.summary).toEqual({
        accounts: [
          { id: alice, balance: 7_500, overdraftLimit: 500, isClosed: false, version: 6 },
          { id: bob, balance: 0, overdraftLimit: 1_000, isClosed: true, version: 7 },
        ],
        ledgerBalance: 7_500,
        transactionCount: 7,
      });
      await system.stop();
    });
  });

  describe('when imported into an empty store', () => {
    it('derives the same accounts, ledger, sagas and transaction log', async () => {
      const { system, text, file } = await givenBank();
      const persistence = memoryPersistence();
      const result = await writeEventLog(persistence, await readEventLogFile(text));
      expect(result).toEqual({ accounts: 2, requests: file.requests.length, ledgerBalance: 7_500 });
      const bank = await createBankSystem({ persistence, runner: 'sync' });
      await bank.settled();
      expect(await bankOf(bank)).toEqual(await bankOf(system));
      // The imported bank goes on working, and nothing was derived twice.
      const more = await bank.commands.depositFunds(file.summary.accounts[0]?.id ?? '', 1);
      await bank.settled();
      expect(await bank.sagas.outcomeOf(more)).toBeNull();
      expect(await bank.ledger.getTransactionCount()).toBe(8);
      await bank.stop();
      await system.stop();
    });

    it('does the same on IndexedDB with the runner the app uses, and undoes itself there too', async () => {
      const { system, text } = await givenBank();
      const log = await readEventLogFile(text);
      const persistence = freshDexiePersistence();
      const full = fullDisk(persistence, 'transaction-log');
      await expect(writeEventLog(full, log)).rejects.toMatchObject({ code: 'undone' });
      expect(await storedCounts(persistence)).toEqual([0, 0, 0, 0, 0, 0]);
      await writeEventLog(persistence, log);
      const bank = await createBankSystem({ persistence, runner: 'rx' });
      await bank.settled();
      expect(await bankOf(bank)).toEqual(await bankOf(system));
      await bank.stop();
      await system.stop();
    });

    it('exports again exactly the requests it imported', async () => {
      const { system, file, text } = await givenBank();
      const bank = await imported(text);
      const again = await exportEventLog(bank, 'test');
      expect(again.requests).toEqual(file.requests);
      expect(again.summary).toEqual(file.summary);
      await bank.stop();
      await system.stop();
    });

    it('undoes an import the disk could not hold: every store empty again, and a later import succeeds', async () => {
      const { system, text } = await givenBank();
      const log = await readEventLogFile(text);
      const persistence = fullDisk(memoryPersistence(), 'ledger');
      const failure = await writeEventLog(persistence, log).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ImportRefusedError);
      expect(failure).toMatchObject({ code: 'undone' });
      expect(await storedCounts(persistence)).toEqual([0, 0, 0, 0, 0, 0]);
      persistence.full(false);
      await writeEventLog(persistence, log);
      const bank = await createBankSystem({ persistence, runner: 'sync' });
      await bank.settled();
      expect(await bankOf(bank)).toEqual(await bankOf(system));
      await bank.stop();
      await system.stop();
    });

    it('refuses a store that already holds a bank, writing nothing', async () => {
      const { system, text } = await givenBank();
      const log = await readEventLogFile(text);
      const persistence = memoryPersistence();
      await writeEventLog(persistence, log);
      const before = await storedCounts(persistence);
      await expect(writeEventLog(persistence, log)).rejects.toMatchObject({ code: 'not-empty' });
      expect(await storedCounts(persistence)).toEqual(before);
      await system.stop();
    });
  });

  describe('when the file is not sound', () => {
    it('refuses it before anything is written, saying why', async () => {
      const { system, file, text } = await givenBank();
      expect(await refusal(text.slice(0, -10))).toBe('unreadable');
      expect(await refusal('{"format":"something else"}')).toBe('not-an-export');
      expect(await refusal(JSON.stringify({ ...file, formatVersion: 3 }))).toBe('newer-version');
      expect(await refusal(text.replace('"amount":10000', '"amount":10001'))).toBe('damaged');
      const lying = { ...file.summary, ledgerBalance: Number(file.summary.ledgerBalance) + 1 };
      expect(await refusal(JSON.stringify({ ...file, summary: lying }))).toBe('damaged');

      const [first, ...rest] = file.requests;
      if (first === undefined) throw new Error('no request');
      expect(await refusal(forged(file, [first, first, ...rest]))).toBe('inconsistent');
      expect(await refusal(forged(file, [{ ...first, type: 'MoneyPrinted' }, ...rest]))).toBe('inconsistent');
      expect(await refusal(forged(file, [{ ...first, data: { ...first.data, overdraftLimit: -5 } }, ...rest]))).toBe(
        'inconsistent',
      );
      expect(await refusal(forged(file, [{ ...first, schemaVersion: 9 }, ...rest]))).toBe('newer-version');
      expect(await refusal(forged(file, [{ ...first, data: { ...first.data, rulesVersion: 99 } }, ...rest]))).toBe(
        'newer-version',
      );
      await system.stop();
    });
  });

  describe('when a file was changed and its digest recomputed', () => {
    /** Imports a forged file into an empty store; returns the refusal's code and what the stores hold after it. */
    async function importForged(text: string): Promise<{ code: string; counts: number[] }> {
      const persistence = memoryPersistence();
      const failure = await readEventLogFile(text)
        .then((log) => writeEventLog(persistence, log))
        .then(
          () => 'accepted',
          (error: unknown) => (error instanceof ImportRefusedError ? error.code : String(error)),
        );
      return { code: failure, counts: await storedCounts(persistence) };
    }

    it('refuses a credit added to the history: the requests give another bank than it lists, and nothing stays', async () => {
      const { system, file, alice } = await givenBank();
      const credit = request('DepositRequested', { creditAccountId: alice, amount: 1_000_000, rulesVersion: 1 });
      expect(await importForged(forged(file, [...file.requests, credit]))).toEqual({
        code: 'inconsistent',
        counts: [0, 0, 0, 0, 0, 0],
      });
      // The same with the amount of a real deposit raised.
      const raised = file.requests.map((entry) =>
        entry.type === 'DepositRequested' ? { ...entry, data: { ...entry.data, amount: 1_000_000 } } : entry,
      );
      expect((await importForged(forged(file, raised))).code).toBe('inconsistent');
      await system.stop();
    });

    it('refuses a debit past the limit claimed in the summary; the rules refuse the debit itself', async () => {
      const { system, file, alice } = await givenBank();
      // Alice has $75.00 and a $5.00 overdraft: $80.01 is one cent past her limit.
      const debit = request('WithdrawalRequested', { debitAccountId: alice, amount: 8_001, rulesVersion: 1 });
      const claimed = {
        ...file.summary,
        accounts: file.summary.accounts.map((account) =>
          account.id === alice
            ? { ...account, balance: account.balance - 8_001, version: account.version + 1 }
            : account,
        ),
        ledgerBalance: Number(file.summary.ledgerBalance) - 8_001,
        transactionCount: file.summary.transactionCount + 1,
      };
      expect(await importForged(forged(file, [...file.requests, debit], claimed))).toEqual({
        code: 'inconsistent',
        counts: [0, 0, 0, 0, 0, 0],
      });
      // Left with the true summary, the file imports: the withdrawal is refused and no money moved.
      const bank = await imported(
        forged(file, [...file.requests, debit], { ...file.summary, accounts: withRefusal(file, alice) }),
      );
      expect(await bank.accounts.getBalance(alice)).toBe(7_500);
      expect((await bank.sagas.getSaga(debit.id)).errors.map((error) => error.code)).toEqual(['insufficient-funds']);
      await bank.stop();
      await system.stop();
    });

    it('refuses a credit to a closed account claimed in the summary; the rules refuse the credit itself', async () => {
      const { system, file, bob } = await givenBank();
      const credit = request('DepositRequested', { creditAccountId: bob, amount: 5_000, rulesVersion: 1 });
      const claimed = {
        ...file.summary,
        accounts: file.summary.accounts.map((account) =>
          account.id === bob ? { ...account, balance: account.balance + 5_000, version: account.version + 1 } : account,
        ),
        ledgerBalance: Number(file.summary.ledgerBalance) + 5_000,
        transactionCount: file.summary.transactionCount + 1,
      };
      expect(await importForged(forged(file, [...file.requests, credit], claimed))).toEqual({
        code: 'inconsistent',
        counts: [0, 0, 0, 0, 0, 0],
      });
      const bank = await imported(
        forged(file, [...file.requests, credit], { ...file.summary, accounts: withRefusal(file, bob) }),
      );
      expect(await bank.accounts.getBalance(bob)).toBe(0);
      expect((await bank.sagas.getSaga(credit.id)).errors.map((error) => error.code)).toEqual(['account-closed']);
      await bank.stop();
      await system.stop();
    });
  });

  describe('with a file of format version 1 (saved by an earlier version of the app)', () => {
    const fixture = readFileSync(new URL('../fixtures/legacy/export-v1-10996ae.json', import.meta.url), 'utf8');
    const legacy = JSON.parse(fixture) as {
      summary: { accounts: { id: string; balance: number }[]; ledgerBalance: number; transactionCount: number };
      applications: { name: string; notifications: StoredNotification[] }[];
    };

    it('derives the bank it lists from its commands and the account changes of its accounts log', async () => {
      const log = await readEventLogFile(fixture);
      expect(log.formatVersion).toBe(1);
      const bank = await imported(fixture);
      const accounts = await bank.accounts.listAccounts();
      expect(accounts.map(({ id, balance }) => ({ id, balance }))).toEqual(legacy.summary.accounts);
      expect(accounts.map(({ name, overdraftLimit, isClosed }) => ({ name, overdraftLimit, isClosed }))).toEqual([
        { name: 'Alice', overdraftLimit: 5_000, isClosed: false },
        { name: 'Bob', overdraftLimit: 1_000, isClosed: true },
      ]);
      expect(await bank.ledger.getBalance()).toBe(legacy.summary.ledgerBalance);
      expect(await bank.ledger.getTransactionCount()).toBe(legacy.summary.transactionCount);
      // Every saga ends as it did on the device that saved the file.
      const sagas = legacy.applications.find((application) => application.name === 'sagas')?.notifications ?? [];
      const ends = sagas.filter((event) => event.type === 'SagaSucceeded' || event.type === 'SagaFailed');
      expect((await bank.sagas.listSagas()).map(({ id, status }) => ({ id, status }))).toEqual(
        ends.map((event) => ({
          id: event.originatorId,
          status: event.type === 'SagaSucceeded' ? 'succeeded' : 'failed',
        })),
      );
      // Saved again, it is a file of the current layout with the same bank.
      const again = await exportEventLog(bank, 'test');
      expect(again.formatVersion).toBe(2);
      const reimported = await imported(JSON.stringify(again));
      expect(await bankOf(reimported)).toEqual(await bankOf(bank));
      await reimported.stop();
      await bank.stop();
    });

    it('refuses one whose history does not replay to the balances it lists, and nothing stays', async () => {
      const file = JSON.parse(fixture) as { summary: { ledgerBalance: number }; applications: unknown };
      const lying = { ...file, summary: { ...file.summary, ledgerBalance: file.summary.ledgerBalance + 1 } };
      const persistence = memoryPersistence();
      await expect(writeEventLog(persistence, await readEventLogFile(JSON.stringify(lying)))).rejects.toMatchObject({
        code: 'inconsistent',
      });
      expect(await storedCounts(persistence)).toEqual([0, 0, 0, 0, 0, 0]);
      const damaged = fixture.replace('"amount": 10000', '"amount": 10001');
      expect(damaged).not.toBe(fixture);
      expect(await refusal(damaged)).toBe('damaged');
    });
  });

  describe('from a device upgraded from stores written before every change was a request', () => {
    it('holds the account changes of that time as requests, and imports to the same bank', async () => {
      const persistence = memoryPersistence();
      await writeLegacyStores(persistence);
      const upgraded = await createBankSystem({ persistence, runner: 'sync' });
      await upgraded.settled();
      const alice = await upgraded.commands.openAccount({ name: 'Alice, after the upgrade' });
      await upgraded.commands.depositFunds(alice, 1_234);
      await upgraded.settled();
      const file = await exportEventLog(upgraded, 'test');
      expect(file.requests.filter((entry) => entry.type === 'AccountOpeningRequested')).toHaveLength(
        file.summary.accounts.length,
      );
      const bank = await imported(JSON.stringify(file));
      const { accounts, ledgerBalance, transactionCount } = await bankOf(bank);
      expect({ accounts, ledgerBalance, transactionCount }).toEqual({
        accounts: await upgraded.accounts.listAccounts(),
        ledgerBalance: await upgraded.ledger.getBalance(),
        transactionCount: await upgraded.ledger.getTransactionCount(),
      });
      await bank.stop();
      await upgraded.stop();
    });
  });

  describe('from a device that syncs', () => {
    it('holds the vault’s order of requests, and this device’s requests not yet confirmed as pending', async () => {
      // The vault's order given by hand, as a sync client would keep it: this device's opening and deposit, then
      // another device's withdrawal; a second deposit of this device is not confirmed yet.
      const persistence = memoryPersistence();
      const phone = await createBankSystem({ persistence, runner: 'sync', sequencer: 'vault' });
      const alice = await phone.commands.openAccount({ name: 'Alice' });
      const deposit = await phone.commands.depositFunds(alice, 5_000);
      const waiting = await phone.commands.depositFunds(alice, 700);
      const own = await phone.commands.recorder.selectNotifications(1, 10);
      const sealed = own
        .slice(0, 2)
        .map(({ originatorId: id, type, timestamp, data }) => ({ id, type, timestamp, data }));
      const other = {
        id: 'laptop-withdrawal',
        type: 'WithdrawalRequested',
        timestamp: '2030-01-01T00:00:00.000Z',
        data: { debitAccountId: alice, amount: 1_200, rulesVersion: 1 },
      };
      const entries = [...sealed, other, null, sealed[1] ?? null].map((request, index) => ({
        seq: index + 1,
        deviceId: request === other ? 'laptop' : 'phone',
        position: index + 1,
        link: `link-${index + 1}`,
        request,
      }));
      await phone.confirmedRequests?.append(entries);
      await phone.settled();
      expect(await phone.accounts.getBalance(alice)).toBe(3_800);

      const file = await exportEventLog(phone, 'test');
      expect(file.requests.map((entry) => entry.id)).toEqual([alice, deposit, 'laptop-withdrawal']);
      expect(file.pending.map((entry) => entry.id)).toEqual([waiting]);
      expect(file.summary.accounts.map((account) => account.balance)).toEqual([3_800]);

      // On a device of its own, the pending deposit is decided after the confirmed requests.
      const bank = await imported(JSON.stringify(file));
      expect(await bank.accounts.getBalance(alice)).toBe(4_500);
      await bank.stop();
      await phone.stop();
    });
  });
});

/** The summary's accounts, unchanged: what a request the rules refuse leaves them, apart from the refusal's event. */
function withRefusal(file: EventLogFile, accountId: string): EventLogFile['summary']['accounts'] {
  return file.summary.accounts.map((account) =>
    account.id === accountId ? { ...account, version: account.version + 1 } : account,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
