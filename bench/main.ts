import { recorderBenchmarks } from './recorder-benchmarks';
import type { BenchResult } from './result';
import { systemBenchmarks } from './system-benchmarks';

declare global {
  interface Window {
    /** Called by scripts/bench.mjs through Playwright. */
    runBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
  }
}

window.runBenchmarks = async ({ rounds }) => {
  const status = document.getElementById('status');
  if (status !== null) status.textContent = 'Running…';
  const results = [...(await recorderBenchmarks(rounds)), ...(await systemBenchmarks(rounds))];
  if (status !== null) status.textContent = 'Done.';
  return results;
};
