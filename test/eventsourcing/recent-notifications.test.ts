import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredNotification } from '../../src/eventsourcing/stored-event';
import { RecentNotifications } from '../../src/eventsourcing/recent-notifications';
import { storedEvent } from '../fixtures/stored-events';

/**
 * The memory of a recorder's own commits against a model of the store: whatever it answers must be exactly what
 * storage holds, whoever wrote in between; and right after its own commit it must answer at all (or it saves nothing).
 */

/**
 * One step of the store's life: a commit by this recorder, by another one (heard of, or not yet), ids lost to an
 * abort, or a failed write of this recorder.
 */
type Step =
  | { readonly kind: 'own'; readonly originators: readonly string[] }
  | { readonly kind: 'foreign'; readonly originators: readonly string[] }
  | { readonly kind: 'unheard'; readonly originators: readonly string[] }
  | { readonly kind: 'lost'; readonly count: number }
  | { readonly kind: 'failed' };

const originators = fc.array(fc.constantFrom('alice', 'bob', 'carol'), { minLength: 1, maxLength: 4 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: originators.map((list) => ({ kind: 'own' as const, originators: list })) },
  { weight: 2, arbitrary: originators.map((list) => ({ kind: 'foreign' as const, originators: list })) },
  { weight: 1, arbitrary: originators.map((list) => ({ kind: 'unheard' as const, originators: list })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((count) => ({ kind: 'lost' as const, count })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'failed' as const }) },
);

class Store {
  readonly notifications: StoredNotification[] = [];
  readonly #versions = new Map<string, number>();
  #nextId = 1;

  commit(originators: readonly string[]): StoredNotification[] {
    const committed = originators.map((originatorId) => {
      const version = (this.#versions.get(originatorId) ?? 0) + 1;
      this.#versions.set(originatorId, version);
      return { ...storedEvent(originatorId, version), id: this.#nextId++ };
    });
    this.notifications.push(...committed);
    return committed;
  }

  lose(count: number): void {
    this.#nextId += count;
  }

  /** What a read gives that sees every commit up to `heard` (a commit not yet heard of may be missed). */
  select(start: number, limit: number, heard = Infinity): StoredNotification[] {
    return this.notifications.filter((n) => n.id >= start && n.id <= heard).slice(0, limit);
  }

  eventsOf(originatorId: string, afterId: number, heard = Infinity): StoredNotification[] {
    return this.notifications.filter((n) => n.originatorId === originatorId && n.id > afterId && n.id <= heard);
  }
}

describe('RecentNotifications', () => {
  it('answers select and eventsOf exactly as storage would up to the head it heard of, or not at all', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 8 }),
        (steps, capacity) => {
          const store = new Store();
          const recent = new RecentNotifications(capacity);
          let heard = 0;
          for (const current of steps) {
            if (current.kind === 'own' || current.kind === 'foreign') {
              const committed = store.commit(current.originators);
              heard = committed.at(-1)?.id ?? heard;
              if (current.kind === 'own') recent.committed(committed);
              else recent.heard(heard);
            } else if (current.kind === 'unheard') store.commit(current.originators);
            else if (current.kind === 'lost') store.lose(current.count);
            else recent.clear();
            const head = store.notifications.at(-1)?.id ?? 0;
            for (let start = 0; start <= head + 2; start++) {
              for (const limit of [1, 2, 5, 100]) {
                const answer = recent.select(start, limit);
                if (answer !== undefined) expect(answer).toEqual(store.select(start, limit, heard));
              }
              for (const originatorId of ['alice', 'bob', 'carol']) {
                const answer = recent.eventsOf(originatorId, start);
                if (answer !== undefined) expect(answer).toEqual(store.eventsOf(originatorId, start, heard));
              }
            }
            if (current.kind === 'own') {
              // Right after its own commit, what it just wrote is answered from memory.
              const last = store.notifications.at(-1)?.id ?? 0;
              expect(recent.select(last, 100)).toEqual(store.select(last, 100, heard));
              expect(recent.eventsOf(current.originators.at(-1) ?? '', last)).toEqual([]);
            }
          }
        },
      ),
      { seed: 20261124, numRuns: 300 },
    );
  });

  it('stops answering past its window once another writer is heard of, and answers a full page within it', () => {
    const store = new Store();
    const recent = new RecentNotifications();
    recent.committed(store.commit(['alice', 'alice', 'bob']));
    recent.heard(store.commit(['carol']).at(-1)?.id ?? 0);
    expect(recent.select(1, 10)).toBeUndefined();
    expect(recent.select(1, 3)).toEqual(store.select(1, 3));
    expect(recent.eventsOf('alice', 0)).toBeUndefined();
  });

  it('keeps frozen copies: a reader cannot change what the next one reads', () => {
    const recent = new RecentNotifications();
    const committed = { ...storedEvent('alice', 1), id: 1 };
    recent.committed([committed]);
    (committed.data as Record<string, unknown>).name = 'changed by the writer afterwards';
    const [read] = recent.select(1, 1) ?? [];
    expect(Object.isFrozen(read?.data)).toBe(true);
    expect(read?.data).toEqual({ name: 'alice' });
  });
});
