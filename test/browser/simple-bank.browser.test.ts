import { describe, expect, it } from 'vitest';
import { dexiePersistence } from '../../src/eventsourcing';
import { createSimpleBank } from '../../src/bank';
import { simpleBankContract } from '../contracts/simple-bank.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

simpleBankContract('dexie (Chromium IndexedDB)', freshDexiePersistence);

describe('Simple bank in Chromium', () => {
  describe('when two tabs (two persistences with the same prefix) run it at once', () => {
    it('follows every account event exactly once, whichever tab holds the lock', async () => {
      const prefix = `simple-bank-two-tabs-${Date.now().toString(36)}`;
      const tab1 = await createSimpleBank({ persistence: dexiePersistence({ prefix }) });
      const tab2 = await createSimpleBank({ persistence: dexiePersistence({ prefix }) });
      const alice = await tab1.accounts.openAccount({ name: 'Alice' });
      const bob = await tab2.accounts.openAccount({ name: 'Bob' });
      await Promise.all([
        tab1.accounts.deposit(alice, 3000),
        tab2.accounts.deposit(bob, 2000),
        tab1.accounts.deposit(bob, 500),
        tab2.accounts.deposit(alice, 700),
      ]);
      await tab2.accounts.transfer(alice, bob, 1200);
      await Promise.all([tab1.settled(), tab2.settled()]);
      for (const tab of [tab1, tab2]) {
        expect(await tab.ledger.getBalance()).toBe(6200);
        expect(await tab.ledger.getTransactionCount()).toBe(6);
        expect(await tab.transactionLog.getTransactions()).toHaveLength(8);
      }
      await Promise.all([tab1.stop(), tab2.stop()]);
    });
  });
});
