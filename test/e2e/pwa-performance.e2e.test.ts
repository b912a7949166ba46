import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startPwaHarness, type Profile, type PwaHarness } from './pwa-harness';
import { writeSeededExport } from './seeded-export';

const ACCOUNTS = 50;
const EVENTS = 10_000;
const RUNS = 5;
const DEPOSITS = 15;

/**
 * The figures the issue asks for, measured in headless Chromium on the built app: time to first render of the cached
 * app holding 50 accounts and 10,000 events, and the median time from clicking "Deposit" to the new balance on
 * screen. Written to test-results/performance.json and printed. Bounds are loose (2-core machine); the numbers are
 * the point.
 */
describe('PWA › performance with 50 accounts and 10,000 events', () => {
  let harness: PwaHarness;
  let profile: Profile;
  let page: Page;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    harness = await startPwaHarness();
    profile = await harness.openProfile();
    page = profile.page;
    await openApp(page, harness.url());
    const path = join(profile.directory, 'seeded.json');
    figures.events = await writeSeededExport(path, ACCOUNTS, EVENTS);
    await page.goto(harness.url('#/settings'));
    const started = Date.now();
    await page.getByLabel('Import an export file').setInputFiles(path);
    await page.getByTestId('data-notice').waitFor({ timeout: 120_000 });
    figures.importMs = Date.now() - started;
    expect(await page.getByTestId('data-notice').textContent()).toContain('Every balance matches the file.');
  }, 180_000);

  afterAll(async () => {
    mkdirSync(join(process.cwd(), 'test-results'), { recursive: true });
    writeFileSync(join(process.cwd(), 'test-results', 'performance.json'), JSON.stringify(figures, null, 2));
    console.log('PWA performance:', JSON.stringify(figures));
    await harness.close();
  });

  it('renders the cached app with every account soon after a reload', async () => {
    expect(figures.events).toBeGreaterThanOrEqual(EVENTS);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(harness.url('#/'));
      await page.reload();
      await page.waitForFunction(
        (count) => {
          const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('account-list-view');
          return (view?.shadowRoot?.querySelectorAll('ul.accounts > li').length ?? 0) >= count;
        },
        ACCOUNTS,
        { polling: 'raf' },
      );
      times.push(await page.evaluate(() => performance.now()));
    }
    figures.firstRenderMedianMs = Math.round(median(times));
    expect(figures.firstRenderMedianMs).toBeLessThan(10_000);
  });

  it('shows the new balance soon after "Deposit" is clicked', async () => {
    await page.goto(harness.url('#/move/deposit'));
    const account = page.getByLabel('Account', { exact: true });
    const accountId = await account.locator('option').nth(1).getAttribute('value');
    await account.selectOption(accountId ?? '');
    const times: number[] = [];
    for (let run = 0; run < DEPOSITS; run++) {
      const before = await selectedText(page);
      await page.getByLabel('Amount', { exact: true }).fill('1.00');
      const started = Date.now();
      await page.getByRole('button', { name: 'Deposit', exact: true }).click();
      await page.waitForFunction(
        (previous) => {
          const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('move-money-view');
          const select = view?.shadowRoot?.querySelector<HTMLSelectElement>('#from');
          return select !== null && select !== undefined && select.selectedOptions[0]?.textContent !== previous;
        },
        before,
        { polling: 'raf' },
      );
      times.push(Date.now() - started);
    }
    figures.depositToBalanceMedianMs = Math.round(median(times));
    expect(figures.depositToBalanceMedianMs).toBeLessThan(5_000);
  });
});

function selectedText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('move-money-view');
    return view?.shadowRoot?.querySelector<HTMLSelectElement>('#from')?.selectedOptions[0]?.textContent ?? null;
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
