import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { countAggregateReads } from '../fixtures/count-aggregate-reads';
import { nodePersistences } from '../fixtures/persistences';

for (const [name, persistence] of nodePersistences) {
  describe(`Accounts › cached reads for views › ${name}`, () => {
    it('reads an account the followers just changed from memory, equal to a read from storage', async () => {
      const store = persistence();
      const bank = await createBankSystem({ persistence: store, runner: 'sync' });
      const alice = await bank.accounts.openAccount({ name: 'Alice' });
      await bank.commands.depositFunds(alice, 2500);
      await bank.commands.withdrawFunds(alice, 700);
      const reads = countAggregateReads(bank.accounts);
      const cached = await bank.accounts.getAccount(alice, { cached: true });
      expect(reads()).toBe(0);
      const stored = await bank.accounts.getAccount(alice);
      expect(reads()).toBe(1);
      expect(cached).toEqual(stored);
      expect(cached).toMatchObject({ balance: 1800, version: 3 });
      await bank.stop();
    });

    it('reads storage for an account this tab has not saved, and rejects an unknown id either way', async () => {
      const store = persistence();
      const first = await createBankSystem({ persistence: store, runner: 'sync' });
      const alice = await first.accounts.openAccount({ name: 'Alice' });
      await first.commands.depositFunds(alice, 900);
      await first.stop();
      const restarted = await createBankSystem({ persistence: store, runner: 'sync' });
      const reads = countAggregateReads(restarted.accounts);
      expect(await restarted.accounts.getAccount(alice, { cached: true })).toMatchObject({ balance: 900 });
      expect(reads()).toBe(1);
      await expect(restarted.accounts.getAccount('no-such-account', { cached: true })).rejects.toMatchObject({
        code: 'account-not-found',
      });
      await restarted.stop();
    });
  });

  describe(`Sagas › cached reads for views › ${name}`, () => {
    it('reads sagas the derivation just wrote from memory, equal to reads from storage', async () => {
      const bank = await createBankSystem({ persistence: persistence(), runner: 'sync' });
      const alice = await bank.accounts.openAccount({ name: 'Alice' });
      const deposit = await bank.commands.depositFunds(alice, 2500);
      const refused = await bank.commands.withdrawFunds(alice, 9000);
      const reads = countAggregateReads(bank.sagas);
      const cached = await Promise.all([deposit, refused].map((id) => bank.sagas.getSaga(id, { cached: true })));
      expect(reads()).toBe(0);
      const stored = await Promise.all([deposit, refused].map((id) => bank.sagas.getSaga(id)));
      expect(reads()).toBe(2);
      expect(cached).toEqual(stored);
      expect(cached.map((saga) => saga.status)).toEqual(['succeeded', 'failed']);
      await bank.stop();
    });
  });
  describe(`Ledger › cached reads for views › ${name}`, () => {
    it('reads the ledger the derivation just wrote from memory, equal to reads from storage', async () => {
      const bank = await createBankSystem({ persistence: persistence(), runner: 'sync' });
      const alice = await bank.accounts.openAccount({ name: 'Alice' });
      const bob = await bank.accounts.openAccount({ name: 'Bob' });
      await bank.commands.depositFunds(alice, 2500);
      await bank.commands.transferFunds(alice, bob, 700);
      const reads = countAggregateReads(bank.ledger);
      const cached = [
        await bank.ledger.getExactBalance({ cached: true }),
        await bank.ledger.getTransactionCount({ cached: true }),
      ];
      expect(reads()).toBe(0);
      const stored = [await bank.ledger.getExactBalance(), await bank.ledger.getTransactionCount()];
      expect(reads()).toBe(2);
      expect(cached).toEqual(stored);
      expect(cached).toEqual([2500n, 3]);
      expect(await bank.ledger.getTotals({ cached: true })).toEqual({ exactBalance: 2500n, transactionCount: 3 });
      expect(reads()).toBe(2);
      expect(await bank.ledger.getTotals()).toEqual({ exactBalance: 2500n, transactionCount: 3 });
      expect(reads()).toBe(3);
      await bank.stop();
    });
  });
}
