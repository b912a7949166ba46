import Dexie from 'dexie';
import { filter } from 'rxjs';
import { createBankSystem } from '../src/bank';
import { dexiePersistence } from '../src/eventsourcing';
import { RawCommit } from './raw-commit';
import { median, round, time, type BenchResult } from './result';

/**
 * Events the bank stores per deposit, counted: the request (DepositRequested), and what the derivation derives from
 * it: SagaStarted, AccountCredited, SagaSucceeded, LedgerTransactionAdded, TransactionLogged, and the trace of the
 * request in the derivation's trail (RequestTraced).
 */
const EVENTS_PER_DEPOSIT = 7;

let systems = 0;

/**
 * The whole bank system in the page, on real IndexedDB, with the rx runner as the PWA runs it, the device its own
 * sequencer: throughput of 1,000 deposits requested at once against raw Dexie writing the same number of events in
 * batches of 100, and the time from a deposit's request to the end of its saga.
 */
export async function systemBenchmarks(rounds: number): Promise<BenchResult[]> {
  const deposits = 1_000;
  const pipeline: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < Math.max(1, Math.min(rounds, 3)); round++) {
    pipeline.push(await depositsUntilSettled(deposits));
    raw.push(await rawBatchedWrites(deposits * EVENTS_PER_DEPOSIT));
  }
  const { latencies, commits } = await depositToSagaEnd(100);
  const pipelineMs = median(pipeline);
  const sagaEnd = median(latencies);
  const commit = median(commits);
  return [
    {
      name: 'system-deposits-per-second',
      description: `1,000 deposits requested at once through Commands and derived (each request's saga, credit, ledger and log entries decided in memory, one transaction per application per batch), rx runner, no sync, until settled(); baseline: raw Dexie writing the same ${(deposits * EVENTS_PER_DEPOSIT).toLocaleString('en-US')} events (${EVENTS_PER_DEPOSIT} per deposit) 100 per transaction`,
      value: Math.round((deposits / pipelineMs) * 1000),
      unit: 'deposits/s',
      baseline: Math.round((deposits / median(raw)) * 1000),
      ratio: Math.round((median(raw) / pipelineMs) * 1000) / 1000,
    },
    {
      name: 'deposit-to-saga-end-vs-commit',
      description: `one deposit, from recording its request to its saga succeeded (derived), median of ${latencies.length}: ${round(sagaEnd, 2)} ms; baseline: one raw strict-durability Dexie commit of one record (its own database, same page), median of ${commits.length} taken between the deposits; target ≥ 0.4`,
      value: round(sagaEnd, 2),
      unit: 'ms',
      baseline: round(commit, 2),
      ratio: round(commit / sagaEnd, 3),
    },
    {
      name: 'deposit-to-saga-end-ms',
      description: 'the same deposit latency in milliseconds, for information (the budget reads the ratio)',
      value: round(sagaEnd, 2),
      unit: 'ms',
    },
  ];
}

async function depositsUntilSettled(count: number): Promise<number> {
  systems++;
  const bank = await createBankSystem({ persistence: dexiePersistence({ prefix: `bench-system-${systems}` }) });
  const accounts: string[] = [];
  for (let index = 0; index < 10; index++) accounts.push(await bank.accounts.openAccount({ name: `Account ${index}` }));
  await bank.settled();
  const elapsed = await time(async () => {
    await Promise.all(
      Array.from({ length: count }, (_, index) => bank.commands.depositFunds(accounts[index % 10] ?? '', 100 + index)),
    );
    await bank.settled();
  });
  const expected = Array.from({ length: count }, (_, index) => 100 + index).reduce((sum, amount) => sum + amount, 0);
  if ((await bank.ledger.getBalance()) !== expected) throw new Error('The ledger does not hold every deposit');
  await bank.stop();
  return elapsed;
}

async function rawBatchedWrites(count: number): Promise<number> {
  systems++;
  const db = new Dexie(`bench-system-raw-${systems}`, { chromeTransactionDurability: 'strict' });
  db.version(1).stores({ events: '++id, &[originatorId+originatorVersion]' });
  await db.open();
  const table = db.table('events');
  const elapsed = await time(async () => {
    for (let start = 0; start < count; start += 100) {
      const batch = Array.from({ length: Math.min(100, count - start) }, (_, index) => ({
        originatorId: `aggregate-${start + index}`,
        originatorVersion: 1,
        type: 'Deposited',
        schemaVersion: 1,
        timestamp: new Date().toISOString(),
        data: { amount: start + index },
      }));
      await db.transaction('rw', table, () => table.bulkAdd(batch));
    }
  });
  db.close();
  return elapsed;
}

/**
 * The latency of `samples` deposits, each followed by one raw strict commit (so that the machine's load weighs on
 * both alike), after one of each as a warm-up.
 */
async function depositToSagaEnd(samples: number): Promise<{ latencies: number[]; commits: number[] }> {
  systems++;
  const bank = await createBankSystem({ persistence: dexiePersistence({ prefix: `bench-latency-${systems}` }) });
  const raw = await RawCommit.open(`bench-latency-raw-${systems}`);
  const account = await bank.accounts.openAccount();
  await bank.settled();
  await raw.commit();
  const latencies: number[] = [];
  const commits: number[] = [];
  // Sagas that ended, heard as they commit: one may end before its request's promise resolves (decided along).
  const ended = new Set<string>();
  let waiting: { readonly id: string; readonly resolve: () => void } | undefined;
  const heard = bank.sagas.log.notifications$
    .pipe(filter((event) => event.type === 'SagaSucceeded'))
    .subscribe((event) => {
      ended.add(event.originatorId);
      if (event.originatorId === waiting?.id) waiting.resolve();
    });
  for (let sample = -1; sample < samples; sample++) {
    const start = performance.now();
    const transactionId = await bank.commands.depositFunds(account, 100);
    if (!ended.has(transactionId)) {
      await new Promise<void>((resolve) => (waiting = { id: transactionId, resolve }));
    }
    const latency = performance.now() - start;
    await bank.settled();
    const commit = await raw.commit();
    if (sample < 0) continue;
    latencies.push(latency);
    commits.push(commit);
  }
  heard.unsubscribe();
  await bank.stop();
  raw.close();
  return { latencies, commits };
}
