import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Application, memoryPersistence, System } from '../../src/eventsourcing';
import { systemContract } from '../contracts/system.contract';
import { Totals } from '../fixtures/followers';
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
});
