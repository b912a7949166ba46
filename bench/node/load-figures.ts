import { percentile, round, type BenchResult } from '../result';
import type { HeadSubscriber } from './head-subscriber';
import type { PushAnswer } from './load-device';
import { describeSizes, type LoadSetup, type LoadSizes } from './load-sizes';

/** What one run measured, for its figures. */
export interface LoadRunMeasures {
  readonly alone: { readonly rate: number };
  readonly loaded: { readonly rate: number; readonly retries: number };
  /** Push × subscriber latencies of the device alone, and of the devices at once (`latencies`). */
  readonly quietLatency: readonly number[];
  readonly loadedLatency: readonly number[];
  /** The same as `loadedLatency`, counted from when each push was sent (an upper bound: its commit came between). */
  readonly loadedFromSent: readonly number[];
  /** How many subscribers the baseline vault had. */
  readonly baselineSubscribers: number;
  readonly memory: MemorySummary;
  /** How often the memory was read. */
  readonly memoryEveryMs: number;
  readonly idleMiB: readonly number[];
  /** Where the CPU went during the pushes, in words. */
  readonly cpu: string;
}

/**
 * The run's figures: requests/s against one device alone, p50 and p99 head latency against the same for the device
 * alone (all of the first round of pushes), and resident memory after the second round against after the first.
 */
export function figures(setup: LoadSetup, sizes: LoadSizes, run: LoadRunMeasures): BenchResult[] {
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
      description: `${label} of the milliseconds from a push's answer (sent once it committed) to a subscriber of its vault ${setup.instances === 1 ? 'on the same instance' : 'on the other instance'} hearing a head that covers it (GET /v2/events), over ${run.loadedLatency.length.toLocaleString('en-US')} push × subscriber pairs, while ${load}; 0 when the head came first; ${round(percentile(run.loadedFromSent, fraction))} ms counted from the push sent instead (so with its wait for the vault’s lock and its commit); timed in the load process, so its own delays count; baseline: the same for the device alone with ${run.baselineSubscribers} subscribers (${run.quietLatency.length} pairs)${setup.instances > 1 ? '; target ≤ 250 ms p99' : ''}`,
      value,
      unit: 'ms',
      baseline,
      // No ratio with a latency of 0 on either side (every subscriber heard before the answer came).
      ...(value > 0 && baseline > 0 ? { ratio: round(baseline / value, 2) } : {}),
    };
  };
  return [
    {
      name: `load-requests-per-second-${suffix}`,
      description: `requests stored per second in the first round (from the first push sent to the last answer) while ${load}; every vault log read back whole after both rounds: nothing missing, doubled or changed; ${run.loaded.retries} pushes re-sent (after a 429 or 503, or when a kept-alive connection closed under one); ${run.cpu}; baseline: one device alone pushing the same ${sizes.requests.toLocaleString('en-US')} requests to its own vault, in the same run${setup.instances > 1 ? '; target ≥ 10,000/s' : ''}`,
      value: Math.round(run.loaded.rate),
      unit: 'requests/s',
      baseline: Math.round(run.alone.rate),
      ratio: round(run.loaded.rate / run.alone.rate, 2),
    },
    latency(0.5, 'p50'),
    latency(0.99, 'p99'),
    {
      name: `load-server-rss-mb-${suffix}`,
      description: `resident memory (VmRSS) of the ${setup.instances === 1 ? 'server process' : 'server process that ended larger'}, read every ${run.memoryEveryMs} ms: the mean over the last quarter of a second round in which the same devices push as many requests again (after ${(2 * sizes.requests).toLocaleString('en-US')} each); baseline: the same over the last quarter of the first round (after ${sizes.requests.toLocaleString('en-US')} each), while ${load}; a ratio of 1 is no growth with the number of requests; ${run.memory.first} MiB over the first quarter of the first round, peak ${run.memory.peak} MiB, ${run.idleMiB.join(' + ')} MiB idle with the subscribers connected${setup.instances > 1 ? '; target: no growth' : ''}`,
      value: run.memory.afterSecondRound,
      unit: 'MiB',
      baseline: run.memory.afterFirstRound,
      ratio: round(run.memory.afterFirstRound / run.memory.afterSecondRound, 2),
    },
  ];
}

/**
 * For each acknowledged push and each subscriber of its vault on another instance (on the same one when there is
 * only one), the milliseconds from the push's answer (or from its sending, by `from`) to that subscriber hearing a
 * head that covers it; 0 when the head came first (the notification can beat the answer to the device).
 */
export function latencies(
  answers: readonly PushAnswer[],
  subscribers: readonly HeadSubscriber[],
  instances: number,
  from: 'answeredAt' | 'sentAt',
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
      samples.push(Math.max(0, heard - answer[from]));
    }
  }
  return samples;
}

/** One sample a second (of samples taken every `everyMs`), each instance's MiB joined by `+`. */
export function perSecond(samples: readonly number[][], everyMs: number): string {
  const every = Math.round(1_000 / everyMs);
  return samples
    .filter((_, index) => index % every === 0)
    .map((row) => row.join('+'))
    .join(' ');
}

/** Resident memory (MiB) of the instance that ended largest, from samples over both rounds of pushes. */
export interface MemorySummary {
  /** The mean over the first quarter of the first round. */
  readonly first: number;
  /** The mean over the last quarter of the first round (after n requests per device). */
  readonly afterFirstRound: number;
  /** The mean over the last quarter of the second round (after 2n). */
  readonly afterSecondRound: number;
  readonly peak: number;
}

/** The memory figures of `samples` (one row per reading, a column per instance), the first round's being the first `firstRound`. */
export function memorySummary(samples: readonly number[][], firstRound: number): MemorySummary {
  const instances = samples[0]?.length ?? 0;
  const first = samples.slice(0, firstRound);
  const second = samples.slice(firstRound);
  const lastQuarter = (rows: readonly number[][]) => rows.slice(-Math.max(1, Math.floor(rows.length / 4)));
  const mean = (rows: readonly number[][], instance: number) =>
    rows.reduce((sum, row) => sum + (row[instance] ?? 0), 0) / Math.max(1, rows.length);
  let largest = 0;
  for (let instance = 1; instance < instances; instance++) {
    if (mean(lastQuarter(second), instance) > mean(lastQuarter(second), largest)) largest = instance;
  }
  return {
    first: Math.round(mean(first.slice(0, Math.max(1, Math.floor(first.length / 4))), largest)),
    afterFirstRound: Math.round(mean(lastQuarter(first), largest)),
    afterSecondRound: Math.round(mean(lastQuarter(second), largest)),
    peak: Math.max(...samples.map((row) => row[largest] ?? 0)),
  };
}
