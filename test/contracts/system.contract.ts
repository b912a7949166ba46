import { describe, expect, it } from 'vitest';
import { RxRunner, SyncRunner, type Persistence, type Runner, type System } from '../../src/eventsourcing';
import { addToTallies, Grand, Seen, tallySystem, type Audit, type Totals } from '../fixtures/followers';

type RunnerKind = 'sync' | 'rx';

function runnerFor(kind: RunnerKind, system: System, batchSize = 10): Runner {
  return kind === 'sync' ? new SyncRunner(system) : new RxRunner(system, { batchSize, retryDelay: 1, maxAttempts: 3 });
}

/** What the followers hold after processing: the grand total and what each follower saw, per upstream. */
async function outcome(totals: Totals, audit: Audit) {
  const grand = await totals.repository.find(Grand, Grand.id);
  const seen = (await audit.repository.find(Seen, Seen.id))?.state.entries ?? [];
  return {
    total: grand?.state.total ?? 0,
    additions: grand?.state.additions ?? 0,
    auditOfTallies: seen.filter((entry) => entry.startsWith('tallies:')),
    auditOfTotals: seen.filter((entry) => entry.startsWith('totals:')),
  };
}

const AMOUNTS = Array.from({ length: 40 }, (_, index) => (index * 37) % 101);
const NAMES = ['alice', 'bob', 'carol'];
const EXPECTED_TOTAL = AMOUNTS.reduce((sum, amount) => sum + amount, 0);

/** The system contract: followers process every upstream notification exactly once, with either runner. */
export function systemContract(name: string, persistence: () => Persistence): void {
  describe(`System contract › ${name}`, () => {
    for (const kind of ['sync', 'rx'] as const) {
      describe(`with the ${kind} runner`, () => {
        it('has two followers of one upstream each process every notification exactly once, in order', async () => {
          const { tallies, totals, audit, system } = tallySystem(persistence());
          const runner = runnerFor(kind, system);
          runner.start();
          await addToTallies(tallies, NAMES, AMOUNTS);
          await runner.settled();
          const result = await outcome(totals, audit);
          expect(result.total).toBe(EXPECTED_TOTAL);
          expect(result.additions).toBe(AMOUNTS.length);
          const tallyIds = (await tallies.log.select(1, 1000)).map((n) => `tallies:${n.id}`);
          expect(result.auditOfTallies).toEqual(tallyIds);
          const totalsIds = (await totals.log.select(1, 1000)).map((n) => `totals:${n.id}`);
          expect(result.auditOfTotals).toEqual(totalsIds);
          await runner.stop();
        });

        it('resolves settled() only when every follower has caught up with every upstream', async () => {
          const { tallies, totals, audit, system } = tallySystem(persistence());
          const runner = runnerFor(kind, system, 3);
          runner.start();
          await addToTallies(tallies, NAMES, AMOUNTS.slice(0, 12));
          await runner.settled();
          const tallyHead = await tallies.log.maxNotificationId();
          const totalsHead = await totals.log.maxNotificationId();
          expect(await totals.recorder.position('tallies')).toBe(tallyHead);
          expect(await audit.recorder.position('tallies')).toBe(tallyHead);
          expect(await audit.recorder.position('totals')).toBe(totalsHead);
          await runner.stop();
        });

        it('stamps every event a follower writes with the tracking record of its transaction, and no other', async () => {
          const { tallies, totals, audit, system } = tallySystem(persistence());
          const runner = runnerFor(kind, system, 3);
          runner.start();
          await addToTallies(tallies, NAMES, AMOUNTS.slice(0, 12));
          await runner.settled();
          const tallyHead = await tallies.log.maxNotificationId();
          expect((await tallies.recorder.selectNotifications(1, 1000)).every((n) => n.tracking === undefined)).toBe(
            true,
          );
          const stamps = (await totals.recorder.selectNotifications(1, 1000)).map((n) => n.tracking);
          expect(stamps.length).toBeGreaterThan(0);
          expect(stamps.every((stamp) => stamp?.upstreamName === 'tallies')).toBe(true);
          const positions = stamps.map((stamp) => stamp?.notificationId ?? 0);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          expect(positions.at(-1)).toBe(tallyHead);
          // Each stamp also names the upstream notification by aggregate id and version, as on any device.
          const tallyLog = await tallies.recorder.selectNotifications(1, 1000);
          for (const stamp of stamps) {
            const named = tallyLog.find((notification) => notification.id === stamp?.notificationId);
            expect([stamp?.originatorId, stamp?.originatorVersion]).toEqual([
              named?.originatorId,
              named?.originatorVersion,
            ]);
          }
          const auditStamps = (await audit.recorder.selectNotifications(1, 1000)).map((n) => n.tracking?.upstreamName);
          expect(new Set(auditStamps)).toEqual(new Set(['tallies', 'totals']));
          await runner.stop();
        });

        it('catches up on start with what was stored while no runner ran', async () => {
          const store = persistence();
          const first = tallySystem(store);
          await addToTallies(first.tallies, NAMES, AMOUNTS.slice(0, 9));
          const runner = runnerFor(kind, first.system);
          runner.start();
          await runner.settled();
          expect((await outcome(first.totals, first.audit)).additions).toBe(9);
          await runner.stop();
        });

        it('after a follower throws part-way through a batch and is restarted, processes everything exactly once', async () => {
          const store = persistence();
          const before = tallySystem(store);
          await addToTallies(before.tallies, NAMES, AMOUNTS);
          // A permanent fault in the middle of the second batch.
          before.totals.fault = { matches: (notification) => notification.id === 15 };
          const runner = runnerFor(kind, before.system);
          runner.start();
          await expect(runner.settled()).rejects.toThrow(/Injected fault at tallies:15/);
          await runner.stop();
          const partial = await outcome(before.totals, before.audit);
          expect(partial.additions).toBeLessThan(AMOUNTS.length);
          expect(await before.totals.recorder.position('tallies')).toBeLessThan(15);
          await Promise.all([before.tallies.close(), before.totals.close(), before.audit.close()]);

          const after = tallySystem(store);
          const restarted = runnerFor(kind, after.system);
          restarted.start();
          await restarted.settled();
          const result = await outcome(after.totals, after.audit);
          expect(result.total).toBe(EXPECTED_TOTAL);
          expect(result.additions).toBe(AMOUNTS.length);
          const froms = (await after.totals.log.select(1, 1000))
            .filter((n) => n.type === 'GrandAdded')
            .map((n) => n.data.from);
          const additionIds = (await after.tallies.log.select(1, 1000))
            .filter((n) => n.type === 'TallyAdded')
            .map((n) => n.id);
          expect(froms).toEqual(additionIds);
          expect(result.auditOfTallies).toEqual(
            (await after.tallies.log.select(1, 1000)).map((n) => `tallies:${n.id}`),
          );
          await restarted.stop();
        });
      });
    }

    it('gives the same results with the rx runner as with the sync runner', async () => {
      const results = [];
      for (const kind of ['sync', 'rx'] as const) {
        const { tallies, totals, audit, system } = tallySystem(persistence());
        const runner = runnerFor(kind, system, 7);
        runner.start();
        await addToTallies(tallies, NAMES, AMOUNTS);
        await runner.settled();
        results.push(await outcome(totals, audit));
        await runner.stop();
      }
      expect(results[1]).toEqual(results[0]);
    });

    it('retries a transient fault in the rx runner and processes the batch once', async () => {
      const { tallies, totals, audit, system } = tallySystem(persistence());
      totals.fault = { matches: (notification) => notification.id === 5, times: 2 };
      const runner = new RxRunner(system, { batchSize: 10, retryDelay: 1, maxAttempts: 5 });
      const failures: string[] = [];
      const subscription = runner.errors$.subscribe((failure) => failures.push(failure.follower));
      runner.start();
      await addToTallies(tallies, NAMES, AMOUNTS.slice(0, 20));
      await runner.settled();
      expect(failures).toEqual(['totals', 'totals']);
      const result = await outcome(totals, audit);
      expect(result.additions).toBe(20);
      subscription.unsubscribe();
      await runner.stop();
    });

    it('makes the rx runner stop() wait for the batch in flight, and process nothing after', async () => {
      const store = persistence();
      const { tallies, totals, system } = tallySystem(store);
      await addToTallies(tallies, NAMES, AMOUNTS);
      const runner = new RxRunner(system, { batchSize: 5 });
      runner.start();
      await new Promise((resolve) => setTimeout(resolve, 1));
      await runner.stop();
      const position = await totals.recorder.position('tallies');
      const additions = (await totals.repository.find(Grand, Grand.id))?.state.additions ?? 0;
      // Whatever was processed was committed whole: the total's additions match the tracked position.
      const processed = (await tallies.log.select(1, 1000)).filter(
        (n) => n.id <= position && n.type === 'TallyAdded',
      ).length;
      expect(additions).toBe(processed);
      await addToTallies(tallies, NAMES, [1, 2, 3]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await totals.recorder.position('tallies')).toBe(position);
    });
  });
}
