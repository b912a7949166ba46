// Where the time of one deposit goes in the built app: every IndexedDB transaction the page starts (its database,
// tables, mode, start and end) and every WebCrypto call, from the click on "Deposit" to the new balance in the DOM.
// The page's own APIs are wrapped by an init script; the app itself is not changed or told.
import type { BrowserContext, Page } from 'playwright-core';
import { median, round } from '../result';
import { depositToBalance, openDepositForm } from './deposit-form';

/** One thing the page did during a deposit, in milliseconds from the click. */
export interface TimelineEntry {
  readonly kind: 'commit' | 'read' | 'crypto';
  /** The database and its tables, or the WebCrypto method. */
  readonly what: string;
  readonly start: number;
  readonly end: number;
}

/** One deposit: what the page did, and when the new balance was in the DOM. */
export interface DepositTimeline {
  readonly entries: readonly TimelineEntry[];
  readonly renderedAt: number;
}

/**
 * Wraps `IDBDatabase.prototype.transaction` and the `crypto.subtle` methods in every page of `context`, recording
 * into `window.__timeline` while its `on` is true. Plain script text: the page gets no bundler helpers.
 */
export async function recordTimelines(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `(() => {
      const timeline = { on: false, started: 0, entries: [] };
      window.__timeline = timeline;
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (stores, mode, options) {
        const tx = transaction.call(this, stores, mode, options);
        if (timeline.on) {
          const names = typeof stores === 'string' ? [stores] : Array.from(stores);
          const entry = {
            kind: mode === 'readwrite' ? 'commit' : 'read',
            what: this.name + ': ' + names.join(', '),
            start: performance.now() - timeline.started,
            end: -1,
          };
          timeline.entries.push(entry);
          const done = () => { if (entry.end < 0) entry.end = performance.now() - timeline.started; };
          tx.addEventListener('complete', done);
          tx.addEventListener('abort', done);
          tx.addEventListener('error', done);
        }
        return tx;
      };
      for (const method of ['encrypt', 'decrypt', 'digest', 'sign', 'verify', 'importKey', 'exportKey', 'deriveKey']) {
        const original = crypto.subtle[method];
        if (typeof original !== 'function') continue;
        crypto.subtle[method] = function (...args) {
          const start = performance.now() - timeline.started;
          const result = original.apply(this, args);
          if (!timeline.on) return result;
          const entry = { kind: 'crypto', what: method, start, end: -1 };
          timeline.entries.push(entry);
          return result.finally(() => { entry.end = performance.now() - timeline.started; });
        };
      }
    })();`,
  });
}

/**
 * Deposits 1.00 into the first account `runs` times, from the move-money screen, recording each deposit's timeline
 * from the click to the new balance in the DOM.
 */
export async function depositTimelines(page: Page, runs: number): Promise<DepositTimeline[]> {
  const button = await openDepositForm(page);
  const timelines: DepositTimeline[] = [];
  for (let run = 0; run < runs; run++) {
    const renderedAt = await depositToBalance(page, button, true);
    // What was still running when the balance showed (reads of views, the other screens' updates) ends after it.
    await page.waitForTimeout(300);
    const entries = await page.evaluate(() => {
      const timeline = (window as unknown as { __timeline: { on: boolean; entries: TimelineEntry[] } }).__timeline;
      timeline.on = false;
      return timeline.entries;
    });
    timelines.push({ entries, renderedAt });
  }
  return timelines;
}

/** The typical deposit (the one whose render time is the median), and medians over all of them. */
export function summarise(timelines: readonly DepositTimeline[]): {
  readonly typical: DepositTimeline | undefined;
  readonly renderMs: number;
  readonly commitsBeforeRender: number;
  readonly readsBeforeRender: number;
  readonly cryptoBeforeRender: number;
  readonly commitMsBeforeRender: number;
} {
  const before = (timeline: DepositTimeline, kind: TimelineEntry['kind']) =>
    timeline.entries.filter((entry) => entry.kind === kind && entry.start < timeline.renderedAt);
  const busy = (entries: readonly TimelineEntry[]) =>
    entries.reduce((sum, entry) => sum + (entry.end - entry.start), 0);
  const renders = timelines.map((timeline) => timeline.renderedAt);
  const typical = [...timelines].sort((a, b) => a.renderedAt - b.renderedAt)[timelines.length >> 1];
  return {
    typical,
    renderMs: round(median(renders), 1),
    commitsBeforeRender: median(timelines.map((timeline) => before(timeline, 'commit').length)),
    readsBeforeRender: median(timelines.map((timeline) => before(timeline, 'read').length)),
    cryptoBeforeRender: median(timelines.map((timeline) => before(timeline, 'crypto').length)),
    commitMsBeforeRender: round(median(timelines.map((timeline) => busy(before(timeline, 'commit')))), 1),
  };
}
