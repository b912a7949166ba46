// `npm run bench`: runs the benchmarks in real Chromium (never fake-indexeddb: it is 4–10× faster than a browser and
// proves nothing about speed), writes bench/results.json (one `BenchResult` per figure, bench/result.ts) and prints a
// table with the ratios.
/* global window, navigator -- the functions passed to page.evaluate run in the page */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './chromium-args.mjs';
import { ensureChromium, ensureNodeModules } from './ensure-deps.mjs';

ensureNodeModules();
const executablePath = ensureChromium();
const { createServer } = await import('vite');
const { chromium } = await import('playwright-core');

const { tsImport } = await import('tsx/esm/api');

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// `BENCH_ONLY=inspector` (or `search`, the history search; `system`, the bank system in the page; `records`, what
// IndexedDB takes per record; `pwa`, the built app; `history`, the built app with years of history; `sync`, joining
// and device to device) runs those figures alone and puts them into bench/results.json beside the others.
const only = process.env.BENCH_ONLY;
// The bank sizes of the history figures, in events: 10k, 100k and 1m by default (writing the 1,000,000 takes about
// four minutes); give a shorter list such as `BENCH_HISTORY=10k,100k` for a quicker run.
const historySizes = parseSizes(process.env.BENCH_HISTORY);
/** Progress of the Node-side cases, on stderr so that the table stays readable. */
const log = (line) => console.error(`[bench] ${line}`);
const server = await createServer({
  root: process.cwd(),
  configFile: false,
  logLevel: 'warn',
  // Only the bench page: the app's entry needs the PWA plugin's virtual modules, which this server does not load.
  optimizeDeps: { entries: ['bench/index.html'] },
  // No reloads when files change during a run (other work may be going on in the tree).
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
});
await server.listen();
const address = server.httpServer?.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
/** The browser's own name, as the first page reported it. */
let userAgent = '';
try {
  if (only !== undefined) {
    const results = await inBenchPage((page) => {
      page.on('console', (message) => log(message.text()));
      return runOnly(page);
    });
    const kept = existsSync('bench/results.json') ? JSON.parse(readFileSync('bench/results.json', 'utf8')) : [];
    const names = new Set(results.map((result) => result.name));
    const merged = [...kept.filter((result) => !names.has(result.name)), ...results];
    writeFileSync('bench/results.json', `${JSON.stringify(merged, null, 2)}\n`);
    console.table(results.map(({ name, value, unit }) => ({ name, value: `${value} ${unit}` })));
    for (const { name, description } of results) if (description) console.log(`${name}: ${description}`);
    await server.close();
    process.exit(0);
  }
  // Each group of in-page figures in a browser profile of its own, as a person's origin holds one bank: after another
  // group's writes (the recorder's figures write over 100,000 events) LevelDB compacts for minutes, and a commit
  // measured then was up to twice as slow, its baseline less.
  log('in-page benchmarks (real IndexedDB), each group in a fresh browser profile…');
  const results = [];
  for (const group of [
    'runSystemBenchmarks',
    'runRecorderBenchmarks',
    'runRecordCostBenchmarks',
    'runCipherBenchmarks',
    'runInspectorBenchmarks',
  ]) {
    results.push(
      ...(await inBenchPage((page) => page.evaluate(([run, options]) => window[run](options), [group, { rounds }]))),
    );
  }
  results.push(...(await inBenchPage(inPageSyncBenchmarks)));
  // The built PWA in its own profile, then the sync server (bench/node/*.ts, run in Node through tsx).
  const { pwaBenchmarks } = await tsImport('../bench/node/pwa-benchmarks.ts', import.meta.url);
  results.push(...(await pwaBenchmarks({ executablePath, args: CHROMIUM_ARGS }, log)));
  const { historyBenchmarks } = await tsImport('../bench/node/history-benchmarks.ts', import.meta.url);
  results.push(...(await historyBenchmarks({ executablePath, args: CHROMIUM_ARGS }, historySizes, log)));
  const { syncBenchmarks } = await tsImport('../bench/node/sync-benchmarks.ts', import.meta.url);
  results.push(...(await syncBenchmarks(Math.max(1, Math.min(rounds, 3)), log)));
  // The server under many devices (one run: it is long, and its figures are over thousands of pushes already).
  const { loadBenchmarks } = await tsImport('../bench/node/load-benchmarks.ts', import.meta.url);
  results.push(...(await loadBenchmarks(log)));
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Benchmarks in ${userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? userAgent}, median of ${rounds} rounds\n`);
  const { printResults } = await tsImport('../bench/node/print-results.ts', import.meta.url);
  printResults(results);
  console.log('\nA ratio above 1 means faster than the baseline. Written to bench/results.json.');
} finally {
  await server.close();
}

/**
 * Runs `work` on the bench page in a browser of its own, on a fresh profile (so a fresh IndexedDB), removed after.
 */
async function inBenchPage(work) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(600_000);
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`http://127.0.0.1:${port}/bench/index.html`);
    await page.waitForFunction(() => typeof window.runSystemBenchmarks === 'function');
    userAgent ||= await page.evaluate(() => navigator.userAgent);
    return await work(page);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The figures `BENCH_ONLY` names, alone. */
async function runOnly(page) {
  if (only === 'inspector' || only === 'search' || only === 'system' || only === 'recorder' || only === 'records') {
    return page.evaluate(
      (options) =>
        options.only === 'search'
          ? window.runSearchBenchmarks(options)
          : options.only === 'system'
            ? window.runSystemBenchmarks(options)
            : options.only === 'recorder'
              ? window.runRecorderBenchmarks(options)
              : options.only === 'records'
                ? window.runRecordCostBenchmarks(options)
                : window.runInspectorBenchmarks(options),
      { rounds, only },
    );
  }
  if (only === 'pwa') {
    const { pwaBenchmarks } = await tsImport('../bench/node/pwa-benchmarks.ts', import.meta.url);
    return pwaBenchmarks({ executablePath, args: CHROMIUM_ARGS }, log);
  }
  if (only === 'history') {
    const { historyBenchmarks } = await tsImport('../bench/node/history-benchmarks.ts', import.meta.url);
    return historyBenchmarks({ executablePath, args: CHROMIUM_ARGS }, historySizes, log);
  }
  if (only === 'sync') return inPageSyncBenchmarks(page);
  throw new Error(`BENCH_ONLY=${only}: expected inspector, search, system, recorder, records, pwa, history or sync`);
}

/**
 * Multi-device sync: a sync server in this process (another origin than the page's), its vaults made by a device in
 * Node, then new devices in the page joining them.
 */
async function inPageSyncBenchmarks(page) {
  const { startBenchServer } = await tsImport('../bench/node/bench-server.ts', import.meta.url);
  const syncServer = await startBenchServer(log);
  try {
    log('in-page sync benchmarks (joining, verifying, device to device)…');
    return await page.evaluate((options) => window.runSyncBenchmarks(options), { rounds, vaults: syncServer.vaults });
  } finally {
    await syncServer.close();
  }
}

/** `10k,100k` → [10000, 100000]; nothing, or `1m` as before, means the default sizes: 10k, 100k and 1m. */
function parseSizes(text) {
  if (text === undefined || text === '' || text === '1m') return [10_000, 100_000, 1_000_000];
  return text.split(',').map((size) => {
    const match = /^(\d+)([km]?)$/i.exec(size.trim());
    if (match === null) throw new Error(`BENCH_HISTORY: "${size}" is not a size such as 10k, 100k or 1m`);
    return Number(match[1]) * (match[2].toLowerCase() === 'm' ? 1_000_000 : match[2].toLowerCase() === 'k' ? 1_000 : 1);
  });
}
