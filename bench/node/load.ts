// `npm run bench:load`: the load test of the sync server alone (bench/node/load-benchmarks.ts), sized by
// `LOAD_DEVICES`, `LOAD_REQUESTS`, `LOAD_BATCH`, `LOAD_SUBSCRIBERS` and `LOAD_VAULTS`, on the storages of
// `LOAD_STORAGES` (`pglite,postgres` by default; `LOAD_TRACE=1` also logs the servers' memory each second); prints
// its figures and puts them into bench/results.json beside the others.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BenchResult } from '../result';
import { loadBenchmarks } from './load-benchmarks';
import { printResults } from './print-results';

const RESULTS = 'bench/results.json';

const results = await loadBenchmarks((line) => console.error(`[bench] ${line}`));
const kept = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResult[]) : [];
const names = new Set(results.map((result) => result.name));
writeFileSync(
  RESULTS,
  `${JSON.stringify([...kept.filter((result) => !names.has(result.name)), ...results], null, 2)}\n`,
);
printResults(results);
