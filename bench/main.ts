import type { BenchVaults } from './bench-vaults';
import { cipherBenchmarks } from './cipher-benchmarks';
import { deviceSyncBenchmarks } from './device-sync-benchmarks';
import { inspectorBenchmarks } from './inspector-benchmarks';
import { recorderBenchmarks } from './recorder-benchmarks';
import type { BenchResult } from './result';
import { searchBenchmarks } from './search-benchmarks';
import { systemBenchmarks } from './system-benchmarks';

declare global {
  interface Window {
    /** Called by scripts/bench.mjs through Playwright. */
    runBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    /** Called by scripts/bench.mjs for the inspector's figures alone (`BENCH_ONLY=inspector`). */
    runInspectorBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    /** Called by scripts/bench.mjs for the bank system's figures alone (`BENCH_ONLY=system`). */
    runSystemBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    /** Called by scripts/bench.mjs for the history search's figures alone (`BENCH_ONLY=search`). */
    runSearchBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    /** Called by scripts/bench.mjs once it has started the sync server and prepared its vaults. */
    runRecorderBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    runSyncBenchmarks: (options: { rounds: number; vaults: BenchVaults }) => Promise<BenchResult[]>;
  }
}

window.runBenchmarks = async ({ rounds }) => {
  setStatus('Running…');
  // The bank system first, on an origin that holds nothing else yet: the recorder's figures write over 100,000 events,
  // which LevelDB then compacts for minutes, slowing every commit after them (a deposit 1.6–1.9 times, its raw
  // commit baseline less).
  const results = [
    ...(await systemBenchmarks(rounds)),
    ...(await recorderBenchmarks(rounds)),
    ...(await cipherBenchmarks(rounds)),
    ...(await inspectorBenchmarks(rounds, setStatus)),
  ];
  setStatus('Done.');
  return results;
};

window.runInspectorBenchmarks = async ({ rounds }) => {
  const results = await inspectorBenchmarks(rounds, (line) => {
    setStatus(line);
    console.log(line);
  });
  setStatus('Done.');
  return results;
};

window.runRecorderBenchmarks = async ({ rounds }) => {
  setStatus('Running the recorder benchmarks…');
  const results = await recorderBenchmarks(rounds, (line) => {
    setStatus(line);
    console.log(line);
  });
  setStatus('Done.');
  return results;
};

window.runSystemBenchmarks = async ({ rounds }) => {
  setStatus('Running the system benchmarks…');
  const results = await systemBenchmarks(rounds);
  setStatus('Done.');
  return results;
};

window.runSearchBenchmarks = ({ rounds }) => {
  setStatus('Running the search benchmarks…');
  const results = searchBenchmarks(rounds);
  setStatus('Done.');
  return Promise.resolve(results);
};

window.runSyncBenchmarks = async ({ rounds, vaults }) => {
  setStatus('Running the sync benchmarks…');
  const results = await deviceSyncBenchmarks(rounds, vaults);
  setStatus('Done.');
  return results;
};

function setStatus(text: string): void {
  const status = document.getElementById('status');
  if (status !== null) status.textContent = text;
}
