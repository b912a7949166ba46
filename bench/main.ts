import { cipherBenchmarks } from './cipher-benchmarks';
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
  setStatus('Running…');
  const results = [
    ...(await recorderBenchmarks(rounds)),
    ...(await systemBenchmarks(rounds)),
    ...(await cipherBenchmarks(rounds)),
  ];
  setStatus('Done.');
  return results;
};

function setStatus(text: string): void {
  const status = document.getElementById('status');
  if (status !== null) status.textContent = text;
}
