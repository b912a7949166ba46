// Run in Node by scripts/bench.mjs and by `npm run bench:load` (bench/node/load.ts), through tsx: the sync server
// under many devices. Many devices push sealed requests at once while many more listen to the event stream, against
// the server run as its own processes (as `npm start` runs it) on 127.0.0.1: one instance on embedded PGlite, two
// instances sharing a private PostgreSQL. Every phase has a deadline, and the servers and PostgreSQL are stopped
// whatever happens, so a run always ends by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVault, lockDataDir, openStorage } from '../../server';
import { generateVaultKey, importVaultKey } from '../../src/sync';
import { createDatabase } from '../../test/server/fixtures/create-database';
import { startPostgresCluster, type PostgresCluster } from '../../test/server/fixtures/postgres-cluster';
import { readWholeLog } from '../../test/server/fixtures/request-wire';
import { startServerProcess, type ServerProcess } from '../../test/server/fixtures/server-process';
import { requestPlaintexts } from '../request-plaintexts';
import { percentile, round, type BenchResult } from '../result';
import { openHeadSubscriber, SubscribeRefusedError, type HeadSubscriber } from './head-subscriber';
import { pushAgent, pushDevice, sealDevice, type LoadDevice, type PushAnswer } from './load-device';
import { checkVaultLog } from './log-check';

/** How big a run is; the defaults are 100 devices × 1,000 requests, 1,000 subscribers, 10 vaults. */
export interface LoadSizes {
  /** Devices pushing at once (`LOAD_DEVICES`), spread evenly over the vaults and the instances. */
  readonly devices: number;
  /** Requests each device pushes (`LOAD_REQUESTS`). */
  readonly requests: number;
  /** Requests per push (`LOAD_BATCH`, at most the protocol's 1,000). */
  readonly batch: number;
  /** Devices listening to `GET /v2/events` (`LOAD_SUBSCRIBERS`), spread over the vaults and the instances. */
  readonly subscribers: number;
  /** Vaults the devices share (`LOAD_VAULTS`): a vault is one log, its pushes are ordered one after the other. */
  readonly vaults: number;
  /** Which storages to run on (`LOAD_STORAGES`, comma-separated): both by default. */
  readonly storages: readonly ('pglite' | 'postgres')[];
}

/**
 * The sizes from the environment (`LOAD_DEVICES`, `LOAD_REQUESTS`, `LOAD_BATCH`, `LOAD_SUBSCRIBERS`, `LOAD_VAULTS`,
 * `LOAD_STORAGES`); throws naming a bad one.
 */
export function loadSizes(environment: NodeJS.ProcessEnv = process.env): LoadSizes {
  const size = (name: string, fallback: number, max = 1_000_000) => {
    const text = environment[name];
    const value = text === undefined || text === '' ? fallback : Number(text);
    if (!Number.isSafeInteger(value) || value < 1 || value > max) {
      throw new Error(`${name} must be an integer from 1 to ${max}, not ${text}`);
    }
    return value;
  };
  return {
    devices: size('LOAD_DEVICES', 100),
    requests: size('LOAD_REQUESTS', 1_000),
    batch: size('LOAD_BATCH', 100, 1_000),
    subscribers: size('LOAD_SUBSCRIBERS', 1_000),
    vaults: size('LOAD_VAULTS', 10),
    storages: storagesOf(environment.LOAD_STORAGES),
  };
}

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

/** Where a run stores: the figures' name suffix, words for the descriptions, how many instances. */
interface LoadSetup {
  readonly suffix: string;
  readonly storage: string;
  readonly instances: number;
  readonly databaseUrl?: string;
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
    log(`sealing ${(sizes.devices * sizes.requests).toLocaleString('en-US')} requests…`);
    const devices: LoadDevice[] = [];
    for (let index = 0; index < sizes.devices; index++) {
      const vault = loadVaults[index % sizes.vaults]!;
      const instance = Math.floor(index / sizes.vaults) % setup.instances;
      const device = { vaultId: vault.vaultId, token: vault.token, deviceId: `device-${index}`, instance };
      devices.push(await sealDevice(vault.key, device, plaintexts, sizes.batch));
    }
    const baselineDevice = await sealDevice(
      baselineVault.key,
      { vaultId: baselineVault.vaultId, token: baselineVault.token, deviceId: 'alone', instance: 0 },
      plaintexts,
      sizes.batch,
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
    const alone = await within(pushAll([baselineDevice], urls, agent), PHASE_MS.push, 'the baseline pushes');
    log(`${sizes.devices} devices pushing at once…`);
    const sampler = sampleMemory(servers);
    const loaded = await within(pushAll(devices, urls, agent), PHASE_MS.push, 'the pushes').finally(sampler.stop);

    log('every subscriber hearing its vault’s last head, then reading every vault log back…');
    const finalHeads = new Map(vaults.map((vault) => [vault.vaultId, 0]));
    for (const answer of [...alone.answers, ...loaded.answers]) {
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

    const quietLatency = latencies(alone.answers, subscribers, setup.instances);
    const loadedLatency = latencies(loaded.answers, subscribers, setup.instances);
    const memory = memorySummary(sampler.samples);
    log(
      `${Math.round(loaded.rate)} requests/s (alone ${Math.round(alone.rate)}/s), ${loaded.retries} retried pushes; ` +
        `heard after ${round(percentile(loadedLatency, 0.5))} ms p50, ${round(percentile(loadedLatency, 0.99))} ms p99; ` +
        `RSS ${memory.first} → ${memory.last} MiB (peak ${memory.peak}, idle ${idleMiB.join(' + ')})`,
    );
    // `LOAD_TRACE=1` shows how the memory moved, to tell a server's heap filling up to its working size from growth.
    if (process.env.LOAD_TRACE === '1') log(`RSS (MiB) each second of the pushes: ${perSecond(sampler.samples)}`);
    return figures(setup, sizes, { alone, loaded, quietLatency, loadedLatency, memory, idleMiB });
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

/** Every device pushing all its requests at once; the answers, the rate and how many pushes were retried. */
async function pushAll(
  devices: readonly LoadDevice[],
  urls: readonly string[],
  agent: ReturnType<typeof pushAgent>,
): Promise<{ answers: PushAnswer[]; rate: number; retries: number }> {
  const counts = { retries: 0 };
  const started = performance.now();
  const answers = (
    await Promise.all(devices.map((device) => pushDevice(device, urls[device.instance] ?? '', agent, counts)))
  ).flat();
  const seconds = (performance.now() - started) / 1_000;
  const requests = answers.reduce((sum, answer) => sum + answer.requests, 0);
  return { answers, rate: requests / seconds, retries: counts.retries };
}

/**
 * For each acknowledged push and each subscriber of its vault on another instance (on the same one when there is
 * only one), the milliseconds from the push's answer to that subscriber hearing a head that covers it; 0 when the
 * head came first (the notification can beat the answer to the device).
 */
function latencies(
  answers: readonly PushAnswer[],
  subscribers: readonly HeadSubscriber[],
  instances: number,
): number[] {
  const byVault = new Map<string, HeadSubscriber[]>();
  for (const subscriber of subscribers) {
    const list = byVault.get(subscriber.vaultId) ?? [];
    list.push(subscriber);
    byVault.set(subscriber.vaultId, list);
  }
  const samples: number[] = [];
  for (const answer of answers) {
    for (const subscriber of byVault.get(answer.vaultId) ?? []) {
      if (instances > 1 && subscriber.instance === answer.instance) continue;
      const heard = subscriber.heardHead(answer.head);
      if (heard === undefined) throw new Error(`a subscriber of ${answer.vaultId} never heard head ${answer.head}`);
      samples.push(Math.max(0, heard - answer.answeredAt));
    }
  }
  return samples;
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

/** One sample a second, each instance's MiB joined by `+`. */
function perSecond(samples: readonly number[][]): string {
  const every = Math.round(1_000 / MEMORY_EVERY_MS);
  return samples
    .filter((_, index) => index % every === 0)
    .map((row) => row.join('+'))
    .join(' ');
}

/** The mean resident memory of the first and the last quarter of the samples, and the peak, of the largest instance. */
function memorySummary(samples: readonly number[][]): { first: number; last: number; peak: number } {
  const instances = samples[0]?.length ?? 0;
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const mean = (rows: readonly number[][], instance: number) =>
    rows.reduce((sum, row) => sum + (row[instance] ?? 0), 0) / rows.length;
  let largest = 0;
  for (let instance = 1; instance < instances; instance++) {
    if (mean(samples.slice(-quarter), instance) > mean(samples.slice(-quarter), largest)) largest = instance;
  }
  return {
    first: Math.round(mean(samples.slice(0, quarter), largest)),
    last: Math.round(mean(samples.slice(-quarter), largest)),
    peak: Math.max(...samples.map((row) => row[largest] ?? 0)),
  };
}

function figures(
  setup: LoadSetup,
  sizes: LoadSizes,
  run: {
    alone: { rate: number };
    loaded: { rate: number; retries: number; answers: readonly PushAnswer[] };
    quietLatency: readonly number[];
    loadedLatency: readonly number[];
    memory: { first: number; last: number; peak: number };
    idleMiB: readonly number[];
  },
): BenchResult[] {
  const { suffix } = setup;
  const where =
    setup.instances === 1
      ? `one server process on ${setup.storage} (PGlite is embedded in its process: one instance)`
      : `${setup.instances} server processes sharing ${setup.storage}, each device and subscriber on one of them`;
  const load = `${describeSizes(sizes)}, ${where}, on 127.0.0.1`;
  const latency = (fraction: number, label: string): BenchResult => {
    const value = round(percentile(run.loadedLatency, fraction));
    const baseline = round(percentile(run.quietLatency, fraction));
    return {
      name: `load-head-latency-${label}-ms-${suffix}`,
      description: `${label} of the milliseconds from a push's answer (sent once it committed) to a subscriber of its vault ${setup.instances === 1 ? 'on the same instance' : 'on the other instance'} hearing a head that covers it (GET /v2/events), over ${run.loadedLatency.length.toLocaleString('en-US')} push × subscriber pairs, while ${load}; 0 when the head came first; timed in the load process, so its own delays count; baseline: the same for the device alone with ${BASELINE_SUBSCRIBERS} subscribers (${run.quietLatency.length} pairs)${setup.instances > 1 ? '; target ≤ 250 ms p99' : ''}`,
      value,
      unit: 'ms',
      baseline,
      // No ratio against a latency of 0 (every subscriber heard before the answer came).
      ...(value === 0 ? (baseline === 0 ? { ratio: 1 } : {}) : { ratio: round(baseline / value, 2) }),
    };
  };
  return [
    {
      name: `load-requests-per-second-${suffix}`,
      description: `requests stored per second (from the first push sent to the last answer) while ${load}; every vault log read back whole afterwards: nothing missing, doubled or changed; ${run.loaded.retries} pushes retried after 429/503; baseline: one device alone pushing the same ${sizes.requests.toLocaleString('en-US')} requests to its own vault, in the same run${setup.instances > 1 ? '; target ≥ 10,000/s' : ''}`,
      value: Math.round(run.loaded.rate),
      unit: 'requests/s',
      baseline: Math.round(run.alone.rate),
      ratio: round(run.loaded.rate / run.alone.rate, 2),
    },
    latency(0.5, 'p50'),
    latency(0.99, 'p99'),
    {
      name: `load-server-rss-mb-${suffix}`,
      description: `resident memory (VmRSS) of the ${setup.instances === 1 ? 'server process' : 'larger server process'}, mean of the last quarter of the pushes, read every ${MEMORY_EVERY_MS} ms while ${load}; baseline: the mean of the first quarter (ratio below 1: it grew); peak ${run.memory.peak} MiB, ${run.idleMiB.join(' + ')} MiB idle with the subscribers connected before the pushes${setup.instances > 1 ? '; target: no growth' : ''}`,
      value: run.memory.last,
      unit: 'MiB',
      baseline: run.memory.first,
      ratio: round(run.memory.first / run.memory.last, 2),
    },
  ];
}

function storagesOf(text: string | undefined): LoadSizes['storages'] {
  if (text === undefined || text === '') return ['pglite', 'postgres'];
  const storages = text.split(',').map((storage) => storage.trim());
  const known = (storage: string): storage is 'pglite' | 'postgres' => storage === 'pglite' || storage === 'postgres';
  if (!storages.every(known)) throw new Error(`LOAD_STORAGES must list pglite and/or postgres, not ${text}`);
  return storages;
}

function describeSizes(sizes: LoadSizes): string {
  const perVault = Math.ceil(sizes.devices / sizes.vaults);
  return `${sizes.devices} devices (${sizes.vaults} vaults of up to ${perVault}) each pushing ${sizes.requests.toLocaleString('en-US')} sealed requests in pushes of ${sizes.batch}, one push after the other, with ${sizes.subscribers.toLocaleString('en-US')} subscribers on the event stream`;
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
