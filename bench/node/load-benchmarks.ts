// Run in Node by scripts/bench.mjs and by `npm run bench:load` (bench/node/load.ts), through tsx: the sync server
// under many devices. Many devices push sealed requests at once while many more listen to the event stream, against
// the server run as its own processes (as `npm start` runs it) on 127.0.0.1: one instance on embedded PGlite, two
// instances sharing a private PostgreSQL. Every phase has a deadline, and the servers and PostgreSQL are stopped
// whatever happens, so a run always ends by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVault, lockDataDir, openStorage } from '../../server';
import { generateVaultKey, importVaultKey } from '../../src/sync';
import { createDatabase } from '../../test/server/fixtures/create-database';
import { startPostgresCluster, type PostgresCluster } from '../../test/server/fixtures/postgres-cluster';
import { readWholeLog } from '../../test/server/fixtures/request-wire';
import { startServerProcess, type ServerProcess } from '../../test/server/fixtures/server-process';
import { requestPlaintexts } from '../request-plaintexts';
import { percentile, round, type BenchResult } from '../result';
import { figures, latencies, memorySummary, perSecond } from './load-figures';
import { describeSizes, loadSizes, type LoadSetup, type LoadSizes } from './load-sizes';
import { openHeadSubscriber, SubscribeRefusedError, type HeadSubscriber } from './head-subscriber';
import { pushAgent, pushDevice, sealDevice, type LoadDevice, type PushAnswer } from './load-device';
import { checkVaultLog } from './log-check';
import { cpuSecondsOf, cpuSecondsOfProcesses } from './process-cpu';

/**
 * The load test on PGlite (one server instance: PGlite is embedded in its process) and on PostgreSQL (two
 * instances on one database, which hear of each other's heads through LISTEN/NOTIFY); PostgreSQL is skipped, with
 * a line in the log, when it cannot be started. Throws when anything pushed and acknowledged is missing from a
 * vault log, is there twice or holds other bytes, or when a subscriber never hears its vault's last head.
 */
export async function loadBenchmarks(log: (line: string) => void, sizes = loadSizes()): Promise<BenchResult[]> {
  const plaintexts = await requestPlaintexts(sizes.requests);
  const results: BenchResult[] = [];
  if (sizes.storages.includes('pglite')) {
    log(`load test on PGlite: ${describeSizes(sizes)}, one server instance…`);
    const setup = { suffix: 'pglite', storage: 'embedded PGlite', instances: 1 };
    results.push(...(await loadRun(setup, sizes, plaintexts, log)));
  }
  let cluster: PostgresCluster | undefined;
  try {
    if (sizes.storages.includes('postgres')) cluster = await startPostgresCluster();
  } catch (error) {
    log(`load test on PostgreSQL skipped: PostgreSQL could not be started: ${String(error)}`);
  }
  if (cluster !== undefined) {
    try {
      const databaseUrl = await createDatabase(cluster.url, `bench_load_${process.pid}`);
      log(`load test on PostgreSQL: ${describeSizes(sizes)}, two server instances on one database…`);
      const setup = { suffix: 'postgres', storage: 'a private local PostgreSQL', instances: 2, databaseUrl };
      results.push(...(await loadRun(setup, sizes, plaintexts, log)));
    } finally {
      cluster.stop();
    }
  }
  return results;
}

/** The deadline of each phase of a run. */
const PHASE_MS = { subscribe: 120_000, push: 600_000, hear: 60_000, check: 300_000 } as const;
/** Subscribers of the baseline vault, all on the instance the baseline device does not push through. */
const BASELINE_SUBSCRIBERS = 4;
/** Subscriptions opened at once while connecting (the server's listen backlog is 511). */
const OPENING_AT_ONCE = 100;
/** How often the servers' resident memory is read during the pushes. */
const MEMORY_EVERY_MS = 100;

async function loadRun(
  setup: LoadSetup,
  sizes: LoadSizes,
  plaintexts: readonly Uint8Array[],
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const dataDirs = Array.from({ length: setup.instances }, () => mkdtempSync(join(tmpdir(), 'bench-load-')));
  const servers: ServerProcess[] = [];
  const subscribers: HeadSubscriber[] = [];
  const agent = pushAgent();
  try {
    const vaults = await createVaults(dataDirs[0] ?? '', setup.databaseUrl, sizes.vaults + 1);
    const baselineVault = vaults[sizes.vaults]!;
    const loadVaults = vaults.slice(0, sizes.vaults);
    log(`sealing ${(2 * sizes.devices * sizes.requests).toLocaleString('en-US')} requests (two rounds)…`);
    const devices: LoadDevice[] = [];
    for (let index = 0; index < sizes.devices; index++) {
      const vault = loadVaults[index % sizes.vaults]!;
      const instance = Math.floor(index / sizes.vaults) % setup.instances;
      const device = { vaultId: vault.vaultId, token: vault.token, deviceId: `device-${index}`, instance };
      devices.push(await sealDevice(vault.key, device, plaintexts, { batch: sizes.batch, rounds: 2 }));
    }
    const baselineDevice = await sealDevice(
      baselineVault.key,
      { vaultId: baselineVault.vaultId, token: baselineVault.token, deviceId: 'alone', instance: 0 },
      plaintexts,
      { batch: sizes.batch, rounds: 1 },
    );

    const options = setup.databaseUrl === undefined ? {} : { databaseUrl: setup.databaseUrl };
    const started = await Promise.allSettled(dataDirs.map((dataDir) => startServerProcess({ dataDir, ...options })));
    for (const start of started) if (start.status === 'fulfilled') servers.push(start.value);
    for (const start of started) if (start.status === 'rejected') throw start.reason;
    const urls = servers.map((server) => server.url);

    log(`${sizes.subscribers.toLocaleString('en-US')} subscribers connecting…`);
    const wanted = Array.from({ length: sizes.subscribers }, (_, index) => ({
      vault: loadVaults[index % sizes.vaults]!,
      instance: Math.floor(index / sizes.vaults) % setup.instances,
    }));
    const other = (setup.instances - 1) % setup.instances;
    for (let index = 0; index < BASELINE_SUBSCRIBERS; index++) wanted.push({ vault: baselineVault, instance: other });
    await within(openSubscribers(wanted, urls, subscribers), PHASE_MS.subscribe, 'opening the subscriptions');
    await within(
      Promise.all(subscribers.map((subscriber) => subscriber.reach(0, PHASE_MS.subscribe))),
      PHASE_MS.subscribe,
      'the first heads',
    );
    const idleMiB = servers.map((server) => server.memoryMiB());

    log('one device alone (the baseline)…');
    const alone = await within(pushAll([baselineDevice], 0, urls, agent), PHASE_MS.push, 'the baseline pushes');
    log(`${sizes.devices} devices pushing at once…`);
    const database = setup.databaseUrl === undefined ? undefined : new URL(setup.databaseUrl).pathname.slice(1);
    const cpuBefore = cpuUse(servers, database);
    const sampler = sampleMemory(servers);
    let again: Awaited<ReturnType<typeof pushAll>>;
    let loaded: typeof again;
    let firstRound: number;
    let cpu: string;
    try {
      loaded = await within(pushAll(devices, 0, urls, agent), PHASE_MS.push, 'the pushes');
      cpu = describeCpu(cpuBefore, cpuUse(servers, database));
      firstRound = sampler.samples.length;
      log('the same devices pushing as many again, to see whether memory grows with the number of requests…');
      again = await within(pushAll(devices, 1, urls, agent), PHASE_MS.push, 'the second round of pushes');
    } finally {
      sampler.stop();
    }

    log('every subscriber hearing its vault’s last head, then reading every vault log back…');
    const finalHeads = new Map(vaults.map((vault) => [vault.vaultId, 0]));
    for (const answer of [...alone.answers, ...loaded.answers, ...again.answers]) {
      finalHeads.set(answer.vaultId, Math.max(finalHeads.get(answer.vaultId) ?? 0, answer.head));
    }
    await within(
      Promise.all(
        subscribers.map((subscriber) => subscriber.reach(finalHeads.get(subscriber.vaultId) ?? 0, PHASE_MS.hear)),
      ),
      PHASE_MS.hear,
      'hearing the last heads',
    );
    await within(checkLogs(vaults, [...devices, baselineDevice], urls), PHASE_MS.check, 'reading the logs back');

    const quietLatency = latencies(alone.answers, subscribers, setup.instances, 'answeredAt');
    const loadedLatency = latencies(loaded.answers, subscribers, setup.instances, 'answeredAt');
    const loadedFromSent = latencies(loaded.answers, subscribers, setup.instances, 'sentAt');
    const memory = memorySummary(sampler.samples, firstRound);
    log(
      `${Math.round(loaded.rate)} requests/s (alone ${Math.round(alone.rate)}/s, the second round ${Math.round(again.rate)}/s), ` +
        `${loaded.retries + again.retries} retried pushes; ` +
        `heard after ${round(percentile(loadedLatency, 0.5))} ms p50, ${round(percentile(loadedLatency, 0.99))} ms p99; ` +
        `RSS ${memory.first} → ${memory.afterFirstRound} → ${memory.afterSecondRound} MiB (peak ${memory.peak}, ` +
        `idle ${idleMiB.join(' + ')}); ${cpu}`,
    );
    // `LOAD_TRACE=1` shows how the memory moved, to tell a server's heap filling up to its working size from growth.
    if (process.env.LOAD_TRACE === '1') {
      log(`RSS (MiB) each second of the pushes: ${perSecond(sampler.samples, MEMORY_EVERY_MS)}`);
    }
    return figures(setup, sizes, {
      alone,
      loaded,
      quietLatency,
      loadedLatency,
      loadedFromSent,
      baselineSubscribers: BASELINE_SUBSCRIBERS,
      memory,
      memoryEveryMs: MEMORY_EVERY_MS,
      idleMiB,
      cpu,
    });
  } finally {
    for (const subscriber of subscribers) subscriber.close();
    agent.destroy();
    await Promise.all(servers.map(stopServer));
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A vault of the run, with the key its devices seal with. */
interface LoadVault {
  readonly vaultId: string;
  readonly token: string;
  readonly key: CryptoKey;
}

/** Creates `count` vaults in the storage the servers will open (before they run: PGlite is one process's). */
async function createVaults(dataDir: string, databaseUrl: string | undefined, count: number): Promise<LoadVault[]> {
  const release = databaseUrl === undefined ? lockDataDir(dataDir, 'creating the load vaults') : () => undefined;
  const opened = await openStorage({ dataDir, databaseUrl });
  try {
    const vaults: LoadVault[] = [];
    for (let index = 0; index < count; index++) {
      const { vaultId, token } = await createVault(opened.storage, `load-${index}`);
      vaults.push({ vaultId, token, key: await importVaultKey(generateVaultKey()) });
    }
    return vaults;
  } finally {
    await opened.close();
    release();
  }
}

/** Opens the subscriptions, `OPENING_AT_ONCE` at a time, into `opened` (so that they are closed whatever happens). */
async function openSubscribers(
  wanted: readonly { vault: LoadVault; instance: number }[],
  urls: readonly string[],
  opened: HeadSubscriber[],
): Promise<void> {
  for (let start = 0; start < wanted.length; start += OPENING_AT_ONCE) {
    await Promise.all(
      wanted.slice(start, start + OPENING_AT_ONCE).map(async ({ vault, instance }) => {
        for (let attempt = 1; ; attempt++) {
          try {
            const where = { vaultId: vault.vaultId, instance };
            opened.push(await openHeadSubscriber(urls[instance] ?? '', vault.token, where));
            return;
          } catch (error) {
            if (!(error instanceof SubscribeRefusedError) || error.status !== 429 || attempt === 10) throw error;
            await new Promise((resolve) => setTimeout(resolve, error.retryAfterSeconds * 1_000));
          }
        }
      }),
    );
  }
}

/** Every device pushing all its requests of `round` at once; the answers, the rate and how many pushes were retried. */
async function pushAll(
  devices: readonly LoadDevice[],
  round: number,
  urls: readonly string[],
  agent: ReturnType<typeof pushAgent>,
): Promise<{ answers: PushAnswer[]; rate: number; retries: number }> {
  const counts = { retries: 0 };
  const started = performance.now();
  const answers = (
    await Promise.all(devices.map((device) => pushDevice(device, round, urls[device.instance] ?? '', agent, counts)))
  ).flat();
  const seconds = (performance.now() - started) / 1_000;
  const requests = answers.reduce((sum, answer) => sum + answer.requests, 0);
  return { answers, rate: requests / seconds, retries: counts.retries };
}

/** Reads every vault log back whole and throws when anything acknowledged is missing, doubled or changed. */
async function checkLogs(vaults: readonly LoadVault[], devices: readonly LoadDevice[], urls: readonly string[]) {
  const problems: string[] = [];
  for (const [index, vault] of vaults.entries()) {
    const pushed = devices.filter((device) => device.vaultId === vault.vaultId).flatMap((device) => device.requests);
    const entries = await readWholeLog(urls[index % urls.length] ?? '', vault.token);
    problems.push(...checkVaultLog(pushed, entries).map((problem) => `vault load-${index}: ${problem}`));
  }
  if (problems.length > 0) throw new Error(`the vault logs are not what was pushed:\n${problems.join('\n')}`);
}

/** The servers' resident memory (MiB), read every `MEMORY_EVERY_MS` until `stop`. */
function sampleMemory(servers: readonly ServerProcess[]): { samples: number[][]; stop: () => void } {
  const samples: number[][] = [];
  const read = () => samples.push(servers.map((server) => server.memoryMiB()));
  read();
  const timer = setInterval(read, MEMORY_EVERY_MS);
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      read();
    },
  };
}

/** CPU seconds used so far by each server, by PostgreSQL's backends of `database`, and by this process; and the time. */
interface CpuUse {
  readonly servers: readonly number[];
  readonly postgres: number;
  readonly load: number;
  readonly at: number;
}

function cpuUse(servers: readonly ServerProcess[], database: string | undefined): CpuUse {
  const own = process.cpuUsage();
  return {
    servers: servers.map((server) => cpuSecondsOf(server.pid)),
    postgres: database === undefined ? 0 : cpuSecondsOfProcesses(database),
    load: (own.user + own.system) / 1_000_000,
    at: performance.now() / 1_000,
  };
}

/** Where the CPU went between two readings, in words. */
function describeCpu(before: CpuUse, after: CpuUse): string {
  const seconds = (value: number) => round(value, 1).toLocaleString('en-US');
  const servers = after.servers.map((value, index) => seconds(value - (before.servers[index] ?? 0))).join(' + ');
  const postgres = after.postgres > 0 ? `, PostgreSQL's backends ${seconds(after.postgres - before.postgres)}` : '';
  return (
    `CPU seconds during the ${seconds(after.at - before.at)} s of pushes: ${after.servers.length === 1 ? 'the server' : 'the servers'} ${servers}${postgres}, ` +
    `the load process ${seconds(after.load - before.load)} (${availableParallelism()} cores)`
  );
}

/** Stops a server with SIGTERM, and with SIGKILL if it has not exited 5 s later. */
async function stopServer(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => void server.kill('SIGKILL'), 5_000);
  await server.kill('SIGTERM');
  clearTimeout(timer);
}

/** `work`, or an error naming `what` once `ms` have passed (whatever `work` still does is stopped by the caller). */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1_000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
