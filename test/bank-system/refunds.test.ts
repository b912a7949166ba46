import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { memoryPersistence, SyncRunner, type Application, type ProcessApplication } from '../../src/eventsourcing';
import { createBankApplications } from '../../src/bank';
import { freshDexiePersistence } from '../fixtures/persistences';

/**
 * The applications of the bank system with no runner, so that a test can move the pipeline one step at a time and
 * change an account between two steps of a saga (what a second tab or a slow runner can do).
 */
function steppedBank(persistence = memoryPersistence()) {
  const bank = createBankApplications({ persistence });
  /** Lets one follower catch up with one upstream: one step of the pipeline. */
  const step = async (follower: ProcessApplication, upstream: Application) => {
    let processed = 0;
    for (let count = 1; count > 0; processed += count) count = await follower.pull(upstream, 100);
    expect(processed).toBeGreaterThan(0);
  };
  return { ...bank, step };
}

for (const [name, persistence] of [
  ['memory', memoryPersistence],
  ['dexie (fake-indexeddb)', freshDexiePersistence],
] as const) {
  describe(`Transfer saga › ${name} › when the debit account changes between the debit and the refund`, () => {
    for (const change of ['is closed', 'has its limit lowered below its balance'] as const) {
      it(`still lands the refund when the debit account ${change}: no money is lost (the original lost it)`, async () => {
        const bank = steppedBank(persistence());
        const alice = await bank.accounts.openAccount({ overdraftLimit: 10000 });
        const bob = await bank.accounts.openAccount();
        await bank.accounts.closeAccount(bob);
        const transfer = await bank.commands.transferFunds(alice, bob, 5000);
        await bank.step(bank.sagas, bank.commands); // saga started
        await bank.step(bank.accounts, bank.sagas); // alice debited: -5000
        expect(await bank.accounts.getBalance(alice)).toBe(-5000);
        await bank.step(bank.sagas, bank.accounts); // credit required
        await bank.step(bank.accounts, bank.sagas); // bob refuses: closed
        await bank.step(bank.sagas, bank.accounts); // refund required
        expect((await bank.sagas.getSaga(transfer)).status).toBe('compensating');
        if (change === 'is closed') await bank.accounts.closeAccount(alice);
        else await bank.accounts.setOverdraftLimit(alice, 0);
        await bank.step(bank.accounts, bank.sagas); // refund: cannot be refused
        await bank.step(bank.sagas, bank.accounts); // saga failed
        const saga = await bank.sagas.getSaga(transfer);
        expect(saga.status).toBe('failed');
        expect(saga.errors.map((error) => [error.code, 'accountId' in error ? error.accountId : undefined])).toEqual([
          ['account-closed', bob],
        ]);
        expect(await bank.accounts.getBalance(alice)).toBe(0);
        expect(await bank.accounts.getBalance(bob)).toBe(0);
        const runner = new SyncRunner(bank.system);
        runner.start();
        await runner.settled();
        expect(await bank.ledger.getBalance()).toBe(0);
        expect(await bank.ledger.getTransactionCount()).toBe(2);
        await runner.stop();
      });
    }
  });
}
