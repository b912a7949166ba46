import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createBankSystem, type AccountView } from '../../src/bank';
import { dexiePersistence, type StoredNotification } from '../../src/eventsourcing';

/**
 * A bank kept by the code before every application moved into one database: each application in an IndexedDB
 * database of its own, exactly as that code left them (made by `per-application-databases.gen.ts` on d397fb4),
 * with snapshots, tracking positions, refused requests and a closed account.
 */
interface LayoutFixture {
  readonly databases: Record<string, Record<'events' | 'snapshots' | 'tracking', unknown[]>>;
  readonly expected: {
    readonly accounts: readonly AccountView[];
    readonly ledgerBalance: number;
    readonly transactionCount: number;
    readonly transactions: number;
    readonly sagas: readonly { id: string; status: string; codes: string[] }[];
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/legacy/per-application-databases-d397fb4.json', import.meta.url), 'utf8'),
) as LayoutFixture;

let databases = 0;

/** Writes the fixture's databases, named as the earlier code named them, with its schema. */
async function writeEarlierDatabases(prefix: string): Promise<void> {
  for (const [name, tables] of Object.entries(fixture.databases)) {
    const db = new Dexie(`${prefix}-${name}`);
    db.version(1).stores({
      events: '++id, &[originatorId+originatorVersion]',
      snapshots: '[originatorId+originatorVersion]',
      tracking: 'upstreamName',
    });
    await db.table('events').bulkAdd(tables.events);
    await db.table('snapshots').bulkAdd(tables.snapshots);
    await db.table('tracking').bulkAdd(tables.tracking);
    db.close();
  }
}

describe('Bank system › on stores kept one database per application', () => {
  it('shows the same bank, keeps every event under its id, and carries on', async () => {
    const prefix = `per-application-${Date.now().toString(36)}-${++databases}`;
    await writeEarlierDatabases(prefix);
    const persistence = dexiePersistence({ prefix });
    const bank = await createBankSystem({ persistence, runner: 'sync' });
    await bank.settled();
    const { expected } = fixture;
    expect(await bank.accounts.listAccounts()).toEqual(expected.accounts);
    expect(await bank.ledger.getBalance()).toBe(expected.ledgerBalance);
    expect(await bank.ledger.getTransactionCount()).toBe(expected.transactionCount);
    expect(await bank.transactionLog.getTransactions()).toHaveLength(expected.transactions);
    const sagas = await bank.sagas.listSagas();
    expect(
      sagas.map((saga) => ({ id: saga.id, status: saga.status, codes: saga.errors.map((error) => error.code) })),
    ).toEqual(expected.sagas);
    for (const [name, tables] of Object.entries(fixture.databases)) {
      const recorder = persistence.recorder(name);
      const stored = await recorder.selectNotifications(1, 10_000);
      expect(stored, name).toEqual(tables.events as StoredNotification[]);
      await recorder.close();
    }
    // New requests follow on, derived in one commit with the rest.
    const [everyday] = expected.accounts;
    if (everyday === undefined) throw new Error('no account in the fixture');
    await bank.commands.depositFunds(everyday.id, 1_234);
    await bank.settled();
    expect(await bank.accounts.getBalance(everyday.id)).toBe(everyday.balance + 1_234);
    await bank.stop();
    // And a restart finds it all where it was left.
    const restarted = await createBankSystem({ persistence: dexiePersistence({ prefix }), runner: 'sync' });
    await restarted.settled();
    expect(await restarted.accounts.getBalance(everyday.id)).toBe(everyday.balance + 1_234);
    expect(await restarted.ledger.getBalance()).toBe(expected.ledgerBalance + 1_234);
    expect(await restarted.transactionLog.getTransactions()).toHaveLength(expected.transactions + 1);
    await restarted.stop();
  });
});
