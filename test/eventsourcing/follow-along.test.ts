import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Application, type Follower, type Persistence, type PreparedWrite } from '../../src/eventsourcing';
import { nodePersistences } from '../fixtures/persistences';
import { Tally } from '../fixtures/tally';

/** A follower that takes every notification along, writing one tally into `into`; `stored` may be made to throw. */
function alongFollower(into: Application, options: { readonly storedThrows?: Error } = {}) {
  const offered: number[][] = [];
  const follower: Follower = {
    name: 'follower',
    pull: () => Promise.resolve(0),
    position: () => Promise.resolve(0),
    knownPosition: () => offered.flat().at(-1) ?? 0,
    forgetPositions: () => undefined,
    prepareAlong: (_upstream, notifications) => {
      offered.push(notifications.map((notification) => notification.id));
      const write = into.prepareWrite([Tally.start(`derived-${offered.length}`, 'Derived')]);
      const prepared: PreparedWrite = {
        ...write,
        stored: (ids) => {
          write.stored(ids);
          if (options.storedThrows !== undefined) throw options.storedThrows;
        },
      };
      return Promise.resolve([prepared]);
    },
  };
  return { follower, offered };
}

function applicationsOn(persistence: Persistence) {
  return {
    upstream: new Application({ name: 'upstream', persistence }),
    derived: new Application({ name: 'derived', persistence }),
  };
}

for (const [name, persistence] of nodePersistences) {
  describe(`Application.followAlong › ${name}`, () => {
    it("commits the follower's writes in the transaction of the upstream's events", async () => {
      const { upstream, derived } = applicationsOn(persistence());
      const { follower, offered } = alongFollower(derived);
      upstream.followAlong(follower);
      await upstream.save(Tally.start('tally', 'Tally'));
      expect(offered).toEqual([[1]]);
      expect((await derived.recorder.selectNotifications(1, 10)).map((event) => event.originatorId)).toEqual([
        'derived-1',
      ]);
    });

    it('reports a failure after the commit as it is, and never commits the same events a second time', async () => {
      const { upstream, derived } = applicationsOn(persistence());
      const failure = new Error('settling the follower failed');
      const { follower } = alongFollower(derived, { storedThrows: failure });
      upstream.followAlong(follower);
      await expect(upstream.save(Tally.start('tally', 'Tally'))).rejects.toBe(failure);
      const stored = await upstream.recorder.selectNotifications(1, 10);
      expect(stored.map((event) => [event.id, event.originatorId])).toEqual([[1, 'tally']]);
      expect(await derived.recorder.maxNotificationId()).toBe(1);
    });
  });
}
