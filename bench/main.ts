import type { BenchVaults } from './bench-vaults';
import { cipherBenchmarks } from './cipher-benchmarks';
import { deviceSyncBenchmarks } from './device-sync-benchmarks';
import { inspectorBenchmarks } from './inspector-benchmarks';
import { recordCostBenchmarks } from './record-cost-benchmarks';
import { recorderBenchmarks } from './recorder-benchmarks';
import type { BenchResult } from './result';
import { searchBenchmarks } from './search-benchmarks';
import { systemBenchmarks } from './system-benchmarks';

declare global {
  interface Window {
    /** Called by scripts/bench.mjs through Playwright, each in a browser profile of its own. */
    runSystemBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    runRecorderBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    runRecordCostBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    runCipherBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    runInspectorBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    /** The history search's figures alone (`BENCH_ONLY=search`). */
    runSearchBenchmarks: (options: { rounds: number }) => Promise<BenchResult[]>;
    /** Called once scripts/bench.mjs has started the sync server and prepared its vaults. */
    runSyncBenchmarks: (options: { rounds: number; vaults: BenchVaults }) => Promise<BenchResult[]>;
  }
}

window.runCipherBenchmarks = async ({ rounds }) => {
  setStatus('Running the cipher benchmarks…');
  const results = await cipherBenchmarks(rounds);
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

window.runRecordCostBenchmarks = async ({ rounds }) => {
  setStatus('Running the record cost benchmarks…');
  const results = await recordCostBenchmarks(rounds);
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
