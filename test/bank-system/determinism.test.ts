import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  memoryPersistence,
  RxRunner,
  SyncRunner,
  type Persistence,
  type StoredEvent,
  type StoredNotification,
} from '../../src/eventsourcing';
import { Commands, createBankApplications, type BankApplications } from '../../src/bank';
import { interceptInserts } from '../fixtures/intercept-inserts';
import { freshDexiePersistence } from '../fixtures/persistences';
import { steppingClock } from '../fixtures/stored-events';

/**
 * The bank is a function of its log of requests: one random log, derived many times with random batch sizes,
 * runners, commits (one transaction per batch, or one per application) and crashes at those commits, always gives exactly the same events in every derived
 * application (types, data, versions, ids, times), aggregate by aggregate; the derivation's checkpoints too, taken
 * every CHECKPOINTS requests, so each of their digests is the same however the batches fell and crashed.
 */

const DERIVED = ['sagas', 'accounts', 'ledger', 'transaction-log', 'checkpoints'] as const;
const CHECKPOINTS = 25;
const ACCOUNTS = 8;
const REQUESTS = 1_500;

/** A request of the random log: accounts by index from the latest opened (ACCOUNTS names none), amounts in cents. */
type Step =
  | { readonly op: 'deposit' | 'withdraw'; readonly account: number; readonly amount: number }
  | { readonly op: 'transfer'; readonly from: number; readonly to: number; readonly amount: number }
  | { readonly op: 'close'; readonly account: number }
  | { readonly op: 'limit'; readonly account: number; readonly limit: number }
  | { readonly op: 'open' }
  | { readonly op: 'malformed'; readonly account: number };

const account = fc.nat(ACCOUNTS);
const amount = fc.integer({ min: 1, max: 40_000 });
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constantFrom('deposit' as const, 'withdraw' as const), account, amount }),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({ op: fc.constant('transfer' as const), from: account, to: account, amount })
      .filter((step) => step.from !== step.to),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), account }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('limit' as const), account, limit: fc.integer({ min: 0, max: 30_000 }) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('open' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('malformed' as const), account }) },
);

/** Records the log in a store of its own, with fixed ids and times; returns its events in order. */
async function recordLog(steps: readonly Step[]): Promise<StoredEvent[]> {
  const persistence = memoryPersistence();
  let ids = 0;
  const commands = new Commands({
    persistence,
    clock: steppingClock(),
    newId: () => `request-${String(++ids).padStart(5, '0')}`,
  });
  const accounts: string[] = [];
  for (let index = 0; index < ACCOUNTS; index++) accounts.push(await commands.openAccount({ name: `n${index}` }));
  // Steps name the accounts opened last (so that new accounts take over from closed ones); ACCOUNTS names none.
  const id = (index: number) => (index === ACCOUNTS ? 'no-such-account' : (accounts.at(-1 - index) ?? 'none'));
  for (const step of steps) {
    switch (step.op) {
      case 'deposit':
        await commands.depositFunds(id(step.account), step.amount);
        break;
      case 'withdraw':
        await commands.withdrawFunds(id(step.account), step.amount);
        break;
      case 'transfer':
        await commands.transferFunds(id(step.from), id(step.to), step.amount);
        break;
      case 'close':
        await commands.closeAccount(id(step.account));
        break;
      case 'limit':
        await commands.setOverdraftLimit(id(step.account), step.limit);
        break;
      case 'open':
        accounts.push(await commands.openAccount({ overdraftLimit: 1_000 }));
        break;
      case 'malformed':
        // What another version of the app (or a forger) could put in the log: an amount that is a string.
        await commands.recorder.insert([
          {
            originatorId: `malformed-${String(++ids).padStart(5, '0')}`,
            originatorVersion: 1,
            type: 'DepositRequested',
            schemaVersion: 2,
            timestamp: '2026-01-02T00:00:00.000Z',
            data: { creditAccountId: id(step.account), amount: '10005', rulesVersion: 1 },
          },
        ]);
        break;
    }
  }
  const events = await commands.recorder.selectNotifications(1, 1_000_000);
  await commands.close();
  return events.map(({ id: _id, ...event }) => event);
}

/** How a derivation run goes: which runner, what batch sizes, where it crashes. */
interface Run {
  readonly runner: 'manual' | 'sync' | 'rx';
  /** Pull sizes (manual) or the rx runner's batch size, cycled. */
  readonly batchSizes: readonly number[];
  /** The numbers of the inserts into derived stores that crash, counted over the run; before or after committing. */
  readonly crashes: readonly { readonly at: number; readonly committed: boolean }[];
  /** Whether a batch is committed in one transaction for every application, or one per application. */
  readonly together: boolean;
}

const runArbitrary: fc.Arbitrary<Omit<Run, 'together'>> = fc.record({
  runner: fc.constantFrom('manual' as const, 'sync' as const, 'rx' as const),
  batchSizes: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
  crashes: fc.uniqueArray(fc.record({ at: fc.integer({ min: 1, max: 60 }), committed: fc.boolean() }), {
    maxLength: 4,
    selector: (crash) => crash.at,
  }),
});

class Crash extends Error {}

/** Derives `log` on `base` as `run` says; returns every derived log. */
async function derive(
  log: readonly StoredEvent[],
  base: Persistence,
  run: Run,
): Promise<{ derived: Record<string, unknown[]>; crashed: number; together: number }> {
  let inserts = 0;
  let crashed = 0;
  let together = 0;
  const crashes = new Map(run.crashes.map((crash) => [crash.at, crash.committed]));
  /** Runs an insert into derived stores, or crashes before or after it as the run says. */
  const crashing = async <T>(insert: () => Promise<T>): Promise<T> => {
    const committed = crashes.get(++inserts);
    if (committed === undefined) return insert();
    if (committed) await insert();
    crashed++;
    throw new Crash(`crash at insert ${inserts}`);
  };
  const derivedName = (name: string) => (DERIVED as readonly string[]).includes(name);
  const persistence = interceptInserts(
    base,
    (name, insert) => (events, options) =>
      derivedName(name) ? crashing(() => insert(events, options)) : insert(events, options),
    run.together
      ? (insertAll) => (writes, names) =>
          names.some(derivedName) ? (together++, crashing(() => insertAll(writes, names))) : insertAll(writes, names)
      : undefined,
  );
  const source = base.recorder('commands');
  await source.insert(log);
  await source.close();
  let pulls = 0;
  const nextBatch = () => run.batchSizes[pulls++ % run.batchSizes.length] ?? 100;
  // Each pass is a tab that starts, derives until it crashes or catches up, and stops.
  for (let pass = 0; pass <= run.crashes.length; pass++) {
    const bank = createBankApplications({
      persistence,
      clock: () => '2099-01-01T00:00:00.000Z',
      checkpointInterval: CHECKPOINTS,
    });
    try {
      if (await deriveOnce(bank, run, nextBatch)) break;
    } finally {
      await Promise.all(bank.system.applications.map((application) => application.close()));
    }
  }
  const result: Record<string, unknown[]> = {};
  for (const name of DERIVED) {
    const recorder = base.recorder(name);
    result[name] = byAggregate(await recorder.selectNotifications(1, 1_000_000));
    await recorder.close();
  }
  return { derived: result, crashed, together };
}

/** One pass: true when it derived everything, false when it crashed. */
async function deriveOnce(bank: BankApplications, run: Run, nextBatch: () => number): Promise<boolean> {
  const { derivation, commands, system } = bank;
  try {
    if (run.runner === 'manual') {
      while ((await derivation.pull(commands, nextBatch())) > 0);
    } else {
      const runner =
        run.runner === 'sync'
          ? new SyncRunner(system)
          : new RxRunner(system, { batchSize: nextBatch(), maxAttempts: 1, retryDelay: 1 });
      runner.start();
      try {
        await runner.settled();
      } finally {
        await runner.stop();
      }
    }
    return (await derivation.position(commands.name)) === (await commands.log.maxNotificationId());
  } catch (error) {
    if (error instanceof Crash || (error as { cause?: unknown }).cause instanceof Crash) return false;
    throw error;
  }
}

/**
 * The events of each aggregate in version order, aggregates in the order of their first event: what every device
 * must have. Notification ids and tracking stamps name local batches (one commit lists its events aggregate by
 * aggregate), so they are left out.
 */
function byAggregate(notifications: readonly StoredNotification[]): unknown[] {
  const aggregates = new Map<string, unknown[]>();
  for (const { id: _id, tracking: _tracking, ...event } of notifications) {
    const events = aggregates.get(event.originatorId) ?? [];
    events.push(event);
    aggregates.set(event.originatorId, events);
  }
  return [...aggregates.values()].flat();
}

describe('Derivation › one random log of requests', () => {
  it(`derived with random batch sizes, runners and crashes gives the same events every time (${REQUESTS} requests)`, async () => {
    const seed = Number(process.env.DETERMINISM_SEED ?? 20261201);
    console.log(`determinism seed: ${seed}`);
    const [steps] = fc.sample(fc.array(stepArbitrary, { minLength: REQUESTS, maxLength: REQUESTS }), {
      seed,
      numRuns: 1,
    });
    const log = await recordLog(steps ?? []);
    const { derived: reference } = await derive(log, memoryPersistence(), {
      runner: 'sync',
      batchSizes: [1],
      crashes: [],
      together: false,
    });
    // The log is not trivial: money moved, transfers were refunded, requests were refused.
    const sagas = reference.sagas as { type: string; data: Record<string, unknown> }[];
    expect(sagas.filter((event) => event.type === 'SagaRefundRequired').length).toBeGreaterThan(0);
    expect(sagas.filter((event) => event.type === 'SagaSucceeded').length).toBeGreaterThan(100);
    const refusals = sagas.filter((event) => event.type === 'RequestDecided' && event.data.error !== null);
    expect(refusals.map((event) => (event.data.error as { code: string }).code)).toContain('invalid-request');
    // A checkpoint after every CHECKPOINTS requests of the log, none twice.
    const checkpoints = reference.checkpoints as { type: string; data: { seq: number } }[];
    const expected = Array.from(
      { length: Math.floor(log.length / CHECKPOINTS) },
      (_, index) => (index + 1) * CHECKPOINTS,
    );
    expect(checkpoints.map((event) => event.data.seq)).toEqual(expected);

    // Every other run commits each batch in one transaction, the others one application at a time.
    const runs = fc
      .sample(runArbitrary, { seed: seed + 1, numRuns: 10 })
      .map((run, index): Run => ({ ...run, together: index % 2 === 0 }));
    let crashes = 0;
    for (const [index, run] of runs.entries()) {
      const persistence = index < 2 ? freshDexiePersistence() : memoryPersistence();
      const { derived, crashed, together } = await derive(log, persistence, run);
      // A run of one transaction per batch did commit its batches that way.
      if (run.together) expect(together, `run ${index}`).toBeGreaterThan(0);
      expect(derived, `run ${index}: ${JSON.stringify(run)}`).toEqual(reference);
      crashes += crashed;
    }
    // The runs did crash at commits, committed and not.
    expect(crashes).toBeGreaterThan(5);
  }, 300_000);
});
