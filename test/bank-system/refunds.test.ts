import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { memoryPersistence, SyncRunner } from '../../src/eventsourcing';
import { createBankApplications } from '../../src/bank';
import { freshDexiePersistence } from '../fixtures/persistences';

/**
 * The original pipeline let other work slip between a transfer's refused credit and its refund (a second tab, a
 * slow runner), and a refund refused by a debit account closed in between lost the money. Derived from the log, a
 * request is decided whole before the next one: the refund lands before any later request touches the account.
 */
for (const [name, persistence] of [
  ['memory', memoryPersistence],
  ['dexie (fake-indexeddb)', freshDexiePersistence],
] as const) {
  describe(`Transfer saga › ${name} › when the debit account changes right after a transfer whose credit is refused`, () => {
    for (const change of ['is closed', 'has its limit lowered below its balance'] as const) {
      it(`refunds the debit account first, then the account ${change}: no money is lost (the original lost it)`, async () => {
        const bank = createBankApplications({ persistence: persistence() });
        // Every request recorded before anything is derived, as a device offline or a vault log delivers them.
        const alice = await bank.commands.openAccount({ overdraftLimit: 10000 });
        const bob = await bank.commands.openAccount();
        await bank.commands.closeAccount(bob);
        const transfer = await bank.commands.transferFunds(alice, bob, 5000);
        const after =
          change === 'is closed'
            ? await bank.commands.closeAccount(alice)
            : await bank.commands.setOverdraftLimit(alice, 0);
        const runner = new SyncRunner(bank.system);
        runner.start();
        await runner.settled();

        const saga = await bank.sagas.getSaga(transfer);
        expect(saga.status).toBe('failed');
        expect(saga.errors.map((error) => [error.code, 'accountId' in error ? error.accountId : undefined])).toEqual([
          ['account-closed', bob],
        ]);
        expect(await bank.sagas.outcomeOf(after)).toBeNull();
        const account = await bank.accounts.getAccount(alice);
        expect(account.balance).toBe(0);
        expect(account.isClosed).toBe(change === 'is closed');
        expect(await bank.accounts.getBalance(bob)).toBe(0);
        expect(await bank.ledger.getBalance()).toBe(0);
        expect(await bank.ledger.getTransactionCount()).toBe(2);
        const entries = await bank.transactionLog.getTransactions();
        expect(entries.filter((entry) => entry.accountId === alice).map((entry) => entry.kind)).toEqual([
          'opening',
          'debit',
          'credit',
        ]);
        await runner.stop();
      });
    }
  });
}
