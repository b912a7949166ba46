import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Persistence, StoredNotification } from '../../src/eventsourcing';
import { createBankSystem } from '../../src/bank';
import { nodePersistences } from '../fixtures/persistences';

/**
 * Stores written by the bank before every change became a request: a pipeline of process applications, with a
 * transfer half-way (its saga started, the debit done, the saga not told yet) and a deposit the pipeline had not
 * taken. The file holds every application's events and tracking positions, and the state the old pipeline reached
 * once it finished that work.
 */
interface LegacyFixture {
  readonly stores: Record<string, { positions: Record<string, number>; events: StoredNotification[] }>;
  readonly expected: {
    readonly inflight: string;
    readonly accounts: readonly {
      id: string;
      name: string;
      balance: number;
      overdraftLimit: number;
      isClosed: boolean;
      version: number;
    }[];
    readonly ledgerBalance: number;
    readonly transactionCount: number;
    readonly sagas: readonly { id: string; kind: string; status: string; codes: string[] }[];
    readonly transactions: number;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/legacy/bank-stores-10996ae.json', import.meta.url), 'utf8'),
) as LegacyFixture;

/** Writes the fixture's stores as the old code left them: the same events under the same ids, the same positions. */
async function writeLegacyStores(persistence: Persistence): Promise<void> {
  for (const [name, { positions, events }] of Object.entries(fixture.stores)) {
    const recorder = persistence.recorder(name);
    const ids = await recorder.insert(events.map(({ id: _id, ...event }) => event));
    expect(ids).toEqual(events.map((event) => event.id));
    for (const [upstreamName, notificationId] of Object.entries(positions)) {
      await recorder.insert([], { tracking: { upstreamName, notificationId, expectedPosition: 0 } });
    }
    await recorder.close();
  }
}

for (const [name, persistence] of nodePersistences) {
  describe(`Bank system › ${name} › on stores written before every change was a request`, () => {
    it('finishes the work in flight and ends with exactly the balances, sagas and ledger of the old pipeline', async () => {
      const stores = persistence();
      await writeLegacyStores(stores);
      const bank = await createBankSystem({ persistence: stores, runner: 'sync' });
      await bank.settled();
      const { expected } = fixture;
      expect(await bank.accounts.listAccounts()).toEqual(expected.accounts);
      expect(await bank.ledger.getBalance()).toBe(expected.ledgerBalance);
      expect(await bank.ledger.getTransactionCount()).toBe(expected.transactionCount);
      const sagas = await bank.sagas.listSagas();
      expect(
        sagas.map((saga) => ({
          id: saga.id,
          kind: saga.kind,
          status: saga.status,
          codes: saga.errors.map((e) => e.code),
        })),
      ).toEqual(expected.sagas);
      expect(await bank.transactionLog.getTransactions()).toHaveLength(expected.transactions);
      const sum = expected.accounts.reduce((total, account) => total + account.balance, 0);
      expect(expected.ledgerBalance).toBe(sum);
      await bank.stop();
    });

    it('carries on with new requests after the upgrade, and after a restart', async () => {
      const stores = persistence();
      await writeLegacyStores(stores);
      const first = await createBankSystem({ persistence: stores, runner: 'rx' });
      await first.settled();
      const savings = fixture.expected.accounts[0]?.id ?? '';
      await first.commands.depositFunds(savings, 1000);
      const extra = await first.accounts.openAccount({ name: 'New' });
      await first.settled();
      await first.stop();
      const again = await createBankSystem({ persistence: stores, runner: 'rx' });
      await again.settled();
      expect(await again.accounts.getBalance(savings)).toBe((fixture.expected.accounts[0]?.balance ?? 0) + 1000);
      expect((await again.accounts.getAccount(extra)).name).toBe('New');
      const accounts = await again.accounts.listAccounts();
      expect(await again.ledger.getBalance()).toBe(accounts.reduce((total, account) => total + account.balance, 0));
      await again.stop();
    });
  });
}
