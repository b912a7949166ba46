import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, dexiePersistence } from '../../src/eventsourcing';
import { BankAccounts } from '../../src/bank';
import { bankAccountsContract } from '../contracts/bank-accounts.contract';
import { nodePersistences } from '../fixtures/persistences';

for (const [name, persistence] of nodePersistences) bankAccountsContract(name, persistence);

let prefixes = 0;

describe('BankAccounts › on Dexie (fake-indexeddb)', () => {
  describe('when two tabs (two persistences with the same prefix) deposit into one account at once', () => {
    it('loses no update: the balance is the sum of the deposits that reported success', async () => {
      const prefix = `bank-two-tabs-${Date.now().toString(36)}-${++prefixes}`;
      const tab1 = new BankAccounts({ persistence: dexiePersistence({ prefix }) });
      const tab2 = new BankAccounts({ persistence: dexiePersistence({ prefix }) });
      const alice = await tab1.openAccount({ name: 'Alice' });
      const amounts = Array.from({ length: 30 }, (_, index) => 1000 + index);
      const results = await Promise.allSettled(
        amounts.map((amount, index) => (index % 2 === 0 ? tab1 : tab2).deposit(alice, amount)),
      );
      const succeeded = amounts.filter((_, index) => results[index]?.status === 'fulfilled');
      for (const result of results)
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConcurrencyError);
      expect(await tab1.getBalance(alice)).toBe(succeeded.reduce((sum, amount) => sum + amount, 0));
      expect(await tab2.getAccount(alice)).toMatchObject({ version: 1 + succeeded.length });
      await Promise.all([tab1.close(), tab2.close()]);
    });
  });

  describe('after a restart on the same prefix', () => {
    it('a new BankAccounts with a new connection sees the same accounts, in order, with equal state', async () => {
      const prefix = `bank-restart-${Date.now().toString(36)}-${++prefixes}`;
      const before = new BankAccounts({ persistence: dexiePersistence({ prefix }) });
      const alice = await before.openAccount({ name: 'Alice' });
      const bob = await before.openAccount({ name: 'Bob', overdraftLimit: 500 });
      await before.deposit(alice, 5000);
      await before.transfer(alice, bob, 1200);
      await before.closeAccount(alice);
      const listed = await before.listAccounts();
      await before.close();
      const after = new BankAccounts({ persistence: dexiePersistence({ prefix }) });
      expect(await after.listAccounts()).toEqual(listed);
      expect(listed.map((view) => view.id)).toEqual([alice, bob]);
      await after.close();
    });
  });
});
