import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createBankSystem, Command } from '../../src/bank';
import type { Persistence, RecorderWrite } from '../../src/eventsourcing';
import { nodePersistences } from '../fixtures/persistences';

/** Records the applications of every `insertAll` on a persistence, in order. */
function countCommits(persistence: Persistence): string[][] {
  const commits: string[][] = [];
  const insertAll = persistence.insertAll?.bind(persistence);
  if (insertAll === undefined) throw new TypeError('this persistence cannot insert together');
  persistence.insertAll = (writes: readonly RecorderWrite[]) => {
    commits.push(
      writes.map((write) =>
        'application' in write ? String((write as { application: { name: string } }).application.name) : '?',
      ),
    );
    return insertAll(writes);
  };
  return commits;
}

for (const [name, persistence] of nodePersistences) {
  for (const runner of ['rx', 'sync'] as const) {
    describe(`Bank system › a request decided along with its commit › ${name}, ${runner} runner`, () => {
      it('records a deposit and derives its whole cascade in one transaction', async () => {
        const store = persistence();
        const bank = await createBankSystem({ persistence: store, runner });
        const alice = await bank.accounts.openAccount({ name: 'Alice' });
        await bank.settled();
        const commits = countCommits(store);
        const id = await bank.commands.depositFunds(alice, 2500);
        // Decided before the request's promise resolved: nothing is left for the followers.
        expect(commits).toEqual([['commands', 'sagas', 'ledger', 'transaction-log', 'accounts']]);
        expect((await bank.sagas.getSaga(id)).status).toBe('succeeded');
        await bank.settled();
        expect(commits).toHaveLength(1);
        expect((await bank.accounts.getAccount(alice)).balance).toBe(2500);
        expect(await bank.ledger.getBalance()).toBe(2500);
        expect(await bank.derivation.position('commands')).toBe(await bank.commands.log.maxNotificationId());
        await bank.stop();
      });

      it('decides the first request after a restart along with its commit too', async () => {
        const store = persistence();
        const first = await createBankSystem({ persistence: store, runner });
        const alice = await first.accounts.openAccount({ name: 'Alice' });
        await first.commands.depositFunds(alice, 1000);
        await first.settled();
        await first.stop();
        const bank = await createBankSystem({ persistence: store, runner });
        await bank.settled();
        const commits = countCommits(store);
        const id = await bank.commands.depositFunds(alice, 2500);
        expect(commits).toEqual([['commands', 'sagas', 'ledger', 'transaction-log', 'accounts']]);
        expect((await bank.sagas.getSaga(id)).status).toBe('succeeded');
        expect((await bank.accounts.getAccount(alice)).balance).toBe(3500);
        await bank.stop();
      });

      it('commits a request alone and derives it after, once, when another tab recorded one unheard', async () => {
        const store = persistence();
        const bank = await createBankSystem({ persistence: store, runner });
        const alice = await bank.accounts.openAccount({ name: 'Alice' });
        await bank.settled();
        // Another tab's request, written straight into the commands' store: this tab has not heard of it.
        const otherTab = store.recorder('commands');
        const request = Command.request(
          'other-tab-deposit',
          { kind: 'deposit', creditAccountId: alice, amount: 700 },
          2,
          () => '2026-12-02T12:00:00.000Z',
        );
        await otherTab.insert(request.pendingEvents.map((event) => bank.commands.mapper.toStoredEvent(event)));
        const commits = countCommits(store);
        const id = await bank.commands.depositFunds(alice, 2500);
        await bank.settled();
        // Either the runner heard of the other request first, or the commit along was refused (the log had moved):
        // then the deposit was stored alone. Both requests were derived by the followers, each once.
        expect(commits.filter((commit) => commit.includes('commands')).length).toBeLessThanOrEqual(1);
        expect(commits.some((commit) => !commit.includes('commands'))).toBe(true);
        expect((await bank.sagas.getSaga(id)).status).toBe('succeeded');
        expect((await bank.sagas.getSaga('other-tab-deposit')).status).toBe('succeeded');
        expect((await bank.accounts.getAccount(alice)).balance).toBe(3200);
        expect(await bank.ledger.getBalance()).toBe(3200);
        const sagas = await bank.sagas.log.select(1, 100);
        expect(sagas.filter((event) => event.type === 'SagaSucceeded')).toHaveLength(2);
        expect(await bank.derivation.position('commands')).toBe(await bank.commands.log.maxNotificationId());
        await otherTab.close();
        await bank.stop();
      });
    });
  }
}
