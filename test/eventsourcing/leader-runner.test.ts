import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LeaderRunner, memoryPersistence, SyncRunner } from '../../src/eventsourcing';
import { leaderRunnerContract } from '../contracts/leader-runner.contract';
import { addToTallies, Grand, tallySystem } from '../fixtures/followers';
import { memoryLocks } from '../fixtures/memory-locks';
import { nodePersistences } from '../fixtures/persistences';

for (const [name, persistence] of nodePersistences) leaderRunnerContract(name, persistence, memoryLocks);

describe('LeaderRunner › without Web Locks (Node)', () => {
  it('leads at once: the one process runs the followers itself', async () => {
    const { system, tallies, totals } = tallySystem(memoryPersistence());
    const runner = new LeaderRunner(system, () => new SyncRunner(system), { lockName: 'followers' });
    runner.start();
    expect(runner.isLeader).toBe(true);
    await addToTallies(tallies, ['alice'], [3, 4]);
    await runner.settled();
    expect((await totals.repository.get(Grand, Grand.id)).state.total).toBe(7);
    await runner.stop();
  });
});
