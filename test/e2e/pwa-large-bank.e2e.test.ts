import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccount } from './bank-pages';
import { openApp, startPwaHarness, type Profile, type PwaHarness } from './pwa-harness';
import { writeSeededExport } from './seeded-export';

const ACCOUNTS = 50;
const EVENTS = 10_000;
const DEPOSITS = 5;

/**
 * The built app holding a bank of 50 accounts and 10,000 events (imported from a seeded export): every account is
 * shown after a reload from the service worker's cache, and deposits still land on the right account, to the cent.
 * How fast is measured by `npm run bench` (first-render-ms, write-to-render-ms), never asserted here.
 */
describe('PWA › a bank of 50 accounts and 10,000 events', () => {
  let harness: PwaHarness;
  let profile: Profile;
  let page: Page;

  beforeAll(async () => {
    harness = await startPwaHarness();
    profile = await harness.openProfile();
    page = profile.page;
    await openApp(page, harness.url());
    const path = join(profile.directory, 'seeded.json');
    expect(await writeSeededExport(path, ACCOUNTS, EVENTS)).toBeGreaterThanOrEqual(EVENTS);
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Import from a file').setInputFiles(path);
    await page.getByTestId('data-notice').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('data-notice').textContent()).toContain('Every balance matches the file.');
  }, 180_000);

  afterAll(async () => {
    await harness.close();
  });

  it('shows every account again after a reload', async () => {
    await page.goto(harness.url('#/'));
    await page.reload();
    await page.waitForFunction(
      (count) => {
        const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('account-list-view');
        return (view?.shadowRoot?.querySelectorAll('ul.accounts > li').length ?? 0) === count;
      },
      ACCOUNTS,
      { polling: 'raf' },
    );
  });

  it('adds each deposit to the chosen account, to the cent', async () => {
    await page.goto(harness.url('#/move/deposit'));
    const account = page.getByLabel('Account', { exact: true });
    const accountId = await account.locator('option').nth(1).getAttribute('value');
    await account.selectOption(accountId ?? '');
    const first = cents(await selectedText(page));
    for (let run = 1; run <= DEPOSITS; run++) {
      const before = await selectedText(page);
      await page.getByLabel('Amount', { exact: true }).fill('1.25');
      await page.getByRole('button', { name: 'Deposit', exact: true }).click();
      await page.waitForFunction(
        (previous) => {
          const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('move-money-view');
          const select = view?.shadowRoot?.querySelector<HTMLSelectElement>('#from');
          return select?.selectedOptions[0]?.textContent !== previous;
        },
        before,
        { polling: 'raf' },
      );
      expect(cents(await selectedText(page))).toBe(first + run * 125);
    }
  });

  it('shows an account’s newest lines first, each with the balance after it, and older ones on demand', async () => {
    await page.goto(harness.url('#/'));
    const card = page.locator('account-list-view ul.accounts > li a').first();
    const listed = cents(`(${(await card.getByTestId('listed-balance').textContent()) ?? ''})`);
    await card.click();
    const rows = page.locator('account-page ul.rows > li');
    await expect.poll(() => rows.count()).toBe(25);
    await page.getByRole('button', { name: 'Show earlier entries' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(25);
    const lines = await rows.evaluateAll((items) =>
      items.map((item) => ({
        amount: item.querySelector('.row-end .money:not(.muted)')?.textContent ?? '',
        balance: item.querySelector('.row-end .muted.money')?.textContent ?? '',
      })),
    );
    const balances = lines.map((line) => cents(`(${line.balance.replace('Balance ', '')})`));
    // Newest first: the top line leaves the account's balance, and each line's amount is the change from the one below.
    expect(balances[0]).toBe(listed);
    for (let index = 0; index + 1 < lines.length; index++) {
      const shown = (lines[index]?.amount ?? '').replace('+', '');
      const amount = shown === '' ? 0 : cents(`(${shown})`);
      expect(balances[index]).toBe((balances[index + 1] ?? 0) + amount);
    }
  });

  it('lists an account opened since the last start after a reload, in opening order', async () => {
    await openAccount(page, 'Newest');
    await page.goto(harness.url('#/'));
    await page.reload();
    const names = page.locator('account-list-view ul.accounts > li .name');
    await expect.poll(() => names.count()).toBe(ACCOUNTS + 1);
    expect(await names.last().textContent()).toContain('Newest');
  });
});

/** The text of the selected account option, "Name ($1,234.56)". */
function selectedText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const view = document.querySelector('bank-app')?.shadowRoot?.querySelector('move-money-view');
    return view?.shadowRoot?.querySelector<HTMLSelectElement>('#from')?.selectedOptions[0]?.textContent ?? null;
  });
}

/** The balance in an option's text, in cents (en-US format, as the harness's locale). */
function cents(text: string | null): number {
  const match = /\((-?)\$([\d,]+)\.(\d{2})\)/.exec(text ?? '');
  if (match === null) throw new Error(`No balance in ${JSON.stringify(text)}`);
  const [, sign, whole, fraction] = match;
  const value = Number((whole ?? '').replaceAll(',', '')) * 100 + Number(fraction);
  return sign === '-' ? -value : value;
}
