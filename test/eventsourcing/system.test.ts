import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Application, FollowerError, memoryPersistence, SyncRunner, System } from '../../src/eventsourcing';
import { systemContract } from '../contracts/system.contract';
import { tallySystem, Totals } from '../fixtures/followers';
import { Tally } from '../fixtures/tally';
import { nodePersistences } from '../fixtures/persistences';

for (const [name, persistence] of nodePersistences) systemContract(name, persistence);

describe('System', () => {
  it('refuses a follower that is not a process application', () => {
    const persistence = memoryPersistence();
    const upstream = new Application({ name: 'up', persistence });
    const plain = new Application({ name: 'plain', persistence });
    expect(() => new System([[upstream, plain]])).toThrow(TypeError);
  });

  it('refuses two applications with the same name', () => {
    const persistence = memoryPersistence();
    const upstream = new Application({ name: 'totals', persistence });
    expect(() => new System([[upstream, new Totals(persistence)]])).toThrow(/named totals/);
  });

  it('knows who follows whom', () => {
    const persistence = memoryPersistence();
    const upstream = new Application({ name: 'tallies', persistence });
    const totals = new Totals(persistence);
    const system = new System([[upstream, totals]]);
    expect(system.followersOf(upstream)).toEqual([totals]);
    expect(system.upstreamsOf(totals)).toEqual([upstream]);
    expect(system.followersOf(totals)).toEqual([]);
  });

  it('tells a save whose events were stored but whose follower then failed apart, with FollowerError', async () => {
    const { tallies, totals, system } = tallySystem(memoryPersistence());
    totals.fault = { matches: (notification) => notification.id === 1, times: 1 };
    const runner = new SyncRunner(system);
    runner.start();
    const tally = Tally.start('alice', 'Alice');
    tally.add(5);
    const save = tallies.save(tally);
    await expect(save).rejects.toBeInstanceOf(FollowerError);
    await expect(save).rejects.toMatchObject({ code: 'follower', applicationName: 'tallies' });
    expect(((await save.catch((error: unknown) => error)) as FollowerError).cause).toMatchObject({
      message: 'Injected fault at tallies:1',
    });
    expect((await tallies.repository.get(Tally, 'alice')).version).toBe(2);
    // The failed notifications stay queued: settled() takes them up again.
    await runner.settled();
    expect(await totals.recorder.position('tallies')).toBe(2);
    await runner.stop();
  });
});
