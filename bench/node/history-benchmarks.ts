// Run in Node by scripts/bench.mjs (through tsx): the built PWA with years of history. For each size, a fresh
// Chromium profile is given a bank of 50 accounts written by the bank's own applications in that origin (the
// bundle of bench/history-seed.ts), then the app is loaded from its service worker and measured: first render, heap,
// and a text search on an account page.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { pwaBuild } from '../../test/e2e/pwa-build';
import { median, round, type BenchResult } from '../result';
import { openAppBrowser, type BrowserOptions } from './app-browser';

const ACCOUNTS = 50;
const RELOADS = 5;
const SEARCHES = 3;
/** How long one measured step (a render, a search) may take before the run stops with a screenshot. */
const STEP_TIMEOUT_MS = 300_000;
/** The seeding page and its script, added to the build folder (never precached: the service worker does not know them). */
const SEED_PAGE = 'bench-history-seed.html';
const SEED_SCRIPT = 'bench-history-seed.js';

/** What one bank size measured. */
export interface HistoryPoint {
  readonly events: number;
  readonly requests: number;
  readonly seedMs: number;
  readonly firstRenderMs: number;
  readonly heapMb: number;
  readonly searchMs: number;
  readonly searchFound: string;
}

/**
 * The history figures for `sizes` (events; the first is the reference, 10,000 by default): first render, heap and
 * a search at each size, and the ratios of the largest to the first.
 */
export async function historyBenchmarks(
  browser: BrowserOptions,
  sizes: readonly number[],
  log: (line: string) => void,
): Promise<BenchResult[]> {
  log('building the PWA and the history seeder…');
  const outDir = await pwaBuild('bench-1');
  await buildSeeder(outDir);
  const points: HistoryPoint[] = [];
  for (const size of sizes) {
    points.push(await measure(outDir, browser, size, log));
    const point = points.at(-1);
    log(`history ${size.toLocaleString('en-US')}: ${JSON.stringify(point)}`);
  }
  return figures(points);
}

function figures(points: readonly HistoryPoint[]): BenchResult[] {
  const [reference] = points;
  if (reference === undefined) return [];
  const label = (point: HistoryPoint) => sizeLabel(point.events);
  const results: BenchResult[] = [];
  for (const point of points) {
    const seeded = `${point.events.toLocaleString('en-US')} events (${point.requests.toLocaleString('en-US')} requests, ${ACCOUNTS} accounts), written in ${round(point.seedMs / 1000, 0)} s`;
    results.push(
      {
        name: `first-render-${label(point)}-ms`,
        description: `built PWA cached by its service worker, ${seeded}: reload to all ${ACCOUNTS} balances in the DOM, median of ${RELOADS}`,
        value: round(point.firstRenderMs, 0),
        unit: 'ms',
      },
      {
        name: `heap-${label(point)}-mb`,
        description: `JS heap used by the app after a reload with ${point.events.toLocaleString('en-US')} events, after a full GC (CDP)`,
        value: round(point.heapMb, 1),
        unit: 'MB',
      },
      {
        name: `search-${label(point)}-ms`,
        description: `an account page opened with a text search in its address (#/accounts/<id>?q=creme), ${point.events.toLocaleString('en-US')} events: hash change to the first page of results shown (25 lines found, or the count of every matching line when fewer: "${point.searchFound}"), median of ${SEARCHES}`,
        value: round(point.searchMs, 0),
        unit: 'ms',
      },
    );
  }
  for (const point of points.slice(1)) {
    results.push(
      {
        name: `first-render-${label(point)}-vs-${label(reference)}`,
        description: `first render with ${reference.events.toLocaleString('en-US')} events / with ${point.events.toLocaleString('en-US')}; target ≥ 0.67`,
        value: round(point.firstRenderMs, 0),
        unit: 'ms',
        baseline: round(reference.firstRenderMs, 0),
        ratio: round(reference.firstRenderMs / point.firstRenderMs, 3),
      },
      {
        name: `heap-${label(point)}-vs-${label(reference)}`,
        description: `heap with ${reference.events.toLocaleString('en-US')} events / with ${point.events.toLocaleString('en-US')}; target ≥ 0.5`,
        value: round(point.heapMb, 1),
        unit: 'MB',
        baseline: round(reference.heapMb, 1),
        ratio: round(reference.heapMb / point.heapMb, 3),
      },
    );
  }
  return results;
}

/** `10k`, `100k`, `1m` (the figures' names). */
function sizeLabel(events: number): string {
  if (events >= 1_000_000) return `${Math.round(events / 1_000_000)}m`;
  return `${Math.round(events / 1_000)}k`;
}

/** Bundles bench/history-seed.ts with the app's sources into the build folder, with a page that exposes it. */
async function buildSeeder(outDir: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        lib: { entry: join(process.cwd(), 'bench/history-seed.ts'), formats: ['es'], fileName: () => SEED_SCRIPT },
      },
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  writeFileSync(
    join(outDir, SEED_PAGE),
    `<!doctype html><title>seed</title><script type="module">import { seedHistory } from './${SEED_SCRIPT}'; window.seedHistory = (options) => seedHistory({ ...options, log: (line) => console.log(line) });</script>\n`,
  );
}

async function measure(
  outDir: string,
  browser: BrowserOptions,
  events: number,
  log: (line: string) => void,
): Promise<HistoryPoint> {
  // Seeding a large bank is one long evaluate: the default timeout is that of the seeding, each step has its own.
  const app = await openAppBrowser(outDir, browser, {
    profilePrefix: 'bench-history-profile-',
    timeoutMs: 3_600_000,
    log,
  });
  const { context, page, url } = app;
  try {
    page.on('console', (message) => {
      // Chromium's note on the app's deferred install prompt, at every load: not the app's output.
      if (!message.text().startsWith('Banner not shown')) log(`history ${sizeLabel(events)}: ${message.text()}`);
    });
    // Before the app ever starts in this profile (no service worker yet, so the page is the network's).
    await page.goto(url(SEED_PAGE));
    await page.waitForFunction(() => 'seedHistory' in window);
    log(`history: seeding ${events.toLocaleString('en-US')} events…`);
    const seeded = await page.evaluate(
      (options) =>
        (
          window as unknown as {
            seedHistory: (o: object) => Promise<{ events: number; requests: number; ms: number }>;
          }
        ).seedHistory(options),
      { prefix: 'bank', accounts: ACCOUNTS, events },
    );

    // The app's first visit: its service worker installs and takes control; every later load comes from its cache.
    await page.goto(url());
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await balancesShown(page);
    const renders: number[] = [];
    for (let run = 0; run < RELOADS; run++) {
      await page.reload({ waitUntil: 'commit' });
      renders.push(await balancesShown(page));
    }
    log(`history ${sizeLabel(events)}: first renders ${renders.map((ms) => Math.round(ms)).join(', ')} ms`);

    await page.reload({ waitUntil: 'commit' });
    await balancesShown(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();

    const searches: number[] = [];
    let found = '';
    for (let run = 0; run < SEARCHES; run++) {
      // Each search starts from a fresh load of the account list: the address still holds the last search's route.
      await page.evaluate(() => history.replaceState(null, '', '#/'));
      await page.reload({ waitUntil: 'commit' });
      await balancesShown(page);
      const result = await searchOnAccountPage(page).catch(async (error: unknown) => {
        // What the page showed when the search did not finish, for whoever reads the log.
        const shot = join(tmpdir(), `bench-history-search-${sizeLabel(events)}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
        log(`history ${sizeLabel(events)}: the search did not finish (screenshot ${shot})`);
        throw error;
      });
      log(`history ${sizeLabel(events)}: search ${run + 1} in ${Math.round(result.ms)} ms (${result.found})`);
      searches.push(result.ms);
      found = result.found;
    }
    return {
      events: seeded.events,
      requests: seeded.requests,
      seedMs: seeded.ms,
      firstRenderMs: median(renders),
      heapMb: heap.usedSize / 1_000_000,
      searchMs: median(searches),
      searchFound: found,
    };
  } finally {
    await app.close();
  }
}

/** Resolves with the page's performance.now() once every balance of the account list is shown. */
async function balancesShown(page: Page): Promise<number> {
  const shown = await page.waitForFunction(
    (count) => {
      const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('account-list-view');
      const shownCount = view?.shadowRoot?.querySelectorAll('ul.accounts > li').length ?? 0;
      return shownCount >= count ? performance.now() : false;
    },
    ACCOUNTS,
    { polling: 'raf', timeout: STEP_TIMEOUT_MS },
  );
  return (await shown.jsonValue()) as number;
}

/**
 * Opens the first account's page with a text search in its address, from the account list: the milliseconds from
 * the hash change to the search's count shown, and that count's text.
 */
async function searchOnAccountPage(page: Page): Promise<{ ms: number; found: string }> {
  const href = await page
    .locator('account-list-view ul.accounts > li a[href^="#/accounts/"]')
    .first()
    .getAttribute('href', { timeout: STEP_TIMEOUT_MS });
  if (href === null) throw new Error('no account link on the account list');
  const started = await page.evaluate(
    (hash) => {
      const now = performance.now();
      window.location.hash = hash;
      return now;
    },
    `${href.slice(1)}?q=creme`,
  );
  const shown = await page.waitForFunction(
    () => {
      const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('account-page');
      const found = view?.shadowRoot?.querySelector('[data-testid="history-found"]')?.textContent ?? '';
      return /\d/.test(found) ? { at: performance.now(), found: found.trim() } : false;
    },
    undefined,
    { polling: 'raf', timeout: STEP_TIMEOUT_MS },
  );
  const { at, found } = (await shown.jsonValue()) as { at: number; found: string };
  return { ms: at - started, found };
}
