import type { BenchResult } from '../result';

/** Prints figures as `npm run bench` does: a table of each value, baseline and ratio, then each description. */
export function printResults(results: readonly BenchResult[]): void {
  console.table(
    results.map(({ name, value, unit, baseline, ratio }) => ({
      name,
      value: `${value} ${unit}`,
      baseline: baseline === undefined ? '' : `${baseline} ${unit}`,
      ratio: ratio === undefined ? '' : `${ratio}×`,
    })),
  );
  for (const { name, description } of results) if (description) console.log(`${name}: ${description}`);
}
