import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { LeaderRunner, RxRunner, type Persistence } from '../../src/eventsourcing';
import { addToTallies, Grand, tallySystem } from '../fixtures/followers';

let locks = 0;

/**
 * Leader election across tabs: two systems on one store stand for two tabs; only the tab holding the lock runs the
 * followers, and the other takes over when it lets go.
 */
export function leaderRunnerContract(name: string, persistence: () => Persistence, lockManager: () => LockManager) {
  describe(`LeaderRunner › ${name}`, () => {
    const tabs = () => {
      locks++;
      const store = persistence();
      const manager = lockManager();
      const lockName = `followers-${Date.now().toString(36)}-${locks}`;
      const tab = () => {
        const parts = tallySystem(store);
        const runner = new LeaderRunner(parts.system, () => new RxRunner(parts.system, { batchSize: 10 }), {
          lockName,
          locks: manager,
          pollInterval: 20,
        });
        return { ...parts, runner };
      };
      return [tab(), tab()] as const;
    };

    it('runs the followers in exactly one tab, and settled() works in both', async () => {
      const [first, second] = tabs();
      first.runner.start();
      await firstValueFrom(first.runner.isLeader$.pipe(filter(Boolean)));
      second.runner.start();
      await addToTallies(second.tallies, ['alice', 'bob'], [1, 2, 3, 4]);
      await second.runner.settled();
      expect(first.runner.isLeader).toBe(true);
      expect(second.runner.isLeader).toBe(false);
      expect((await second.totals.repository.get(Grand, Grand.id)).state.total).toBe(10);
      await first.runner.settled();
      await first.runner.stop();
      await second.runner.stop();
    });

    it('hands over to the waiting tab when the leader stops, and the new leader processes what came after', async () => {
      const [first, second] = tabs();
      first.runner.start();
      await firstValueFrom(first.runner.isLeader$.pipe(filter(Boolean)));
      second.runner.start();
      await addToTallies(first.tallies, ['alice'], [5]);
      await first.runner.settled();
      await first.runner.stop();
      await firstValueFrom(second.runner.isLeader$.pipe(filter(Boolean)));
      await addToTallies(second.tallies, ['alice'], [7]);
      await second.runner.settled();
      const grand = await second.totals.repository.get(Grand, Grand.id);
      expect(grand.state).toEqual({ total: 12, additions: 2 });
      await second.runner.stop();
    });

    it('stops cleanly while still waiting for the lock', async () => {
      const [first, second] = tabs();
      first.runner.start();
      await firstValueFrom(first.runner.isLeader$.pipe(filter(Boolean)));
      second.runner.start();
      await second.runner.stop();
      expect(second.runner.isLeader).toBe(false);
      await first.runner.stop();
    });
  });
}
