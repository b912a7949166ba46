/** One figure of `bench/results.json`, as `npm run bench` writes it. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same work measured on the baseline in the same run. */
  readonly baseline?: number;
  /** How many times better than the baseline (above 1 is better), whatever the unit. */
  readonly ratio?: number;
  /** What the figure measures, for the printed table. */
  readonly description?: string;
}

/** The median of some samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Milliseconds taken by `work`. */
export async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** `value` rounded to `digits` decimals (one by default). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The `fraction` percentile of some samples (nearest rank: 0.99 is the value 99 % of the samples are at most). */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}
