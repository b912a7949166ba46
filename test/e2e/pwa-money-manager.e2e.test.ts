import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedFacts, moveMoney, openAccount, showAccounts } from './bank-pages';
import { openApp, startPwaHarness, type Profile, type PwaHarness } from './pwa-harness';

/**
 * What a money manager does besides moving money, through the real UI: an opening balance, a note and a past day on
 * a movement, renaming, and closing that never strands money (moved out first) nor a debt (settled first).
 */
describe('PWA › notes, dates, opening balances, renaming and closing', () => {
  let harness: PwaHarness;
  let profile: Profile;
  let page: Page;
  let everyday = '';
  let savings = '';

  beforeAll(async () => {
    harness = await startPwaHarness();
    profile = await harness.openProfile();
    page = profile.page;
    await openApp(page, harness.url());
  });

  afterAll(async () => {
    await harness.close();
  });

  it('opens an account with an opening balance, which the ledger follows', async () => {
    await page.goto(harness.url('#/open'));
    await page.getByLabel('Name', { exact: true }).fill('Everyday');
    await page.getByLabel('Opening balance (optional)').fill('20.00');
    await page.getByRole('button', { name: 'Open account' }).click();
    await page.getByRole('heading', { name: 'Everyday', level: 1 }).waitFor();
    everyday = decodeURIComponent(new URL(page.url()).hash.replace('#/accounts/', ''));
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toContain('$20.00');
    await expect.poll(() => page.getByTestId('entry-note').first().textContent()).toBe('Opening balance');
    await page.goto(harness.url('#/ledger'));
    await expect.poll(() => page.getByTestId('ledger-balance').textContent()).toContain('$20.00');
  });

  it('records a note and a past day with a deposit, and shows both in the history', async () => {
    await page.goto(harness.url(`#/move/deposit?account=${everyday}`));
    await page.getByLabel('Amount', { exact: true }).fill('5.00');
    await page.getByLabel('Note (optional)').fill('Lunch paid back by Sam');
    await page.getByLabel('Date', { exact: true }).fill('2026-11-20');
    const rows = page.locator('move-money-view li[data-transaction]');
    await page.getByRole('button', { name: 'Deposit', exact: true }).click();
    await expect.poll(() => rows.first().locator('.badge').textContent()).toBe('Done');
    await page.goto(harness.url('#/accounts/' + everyday));
    const history = page.getByRole('list', { name: 'History, newest first' }).getByRole('listitem');
    await expect.poll(() => history.first().innerText()).toContain('Lunch paid back by Sam');
    expect(await history.first().innerText()).toContain('Nov 20, 2026 · recorded');
  });

  it('refuses a day after today in place, recording nothing', async () => {
    await page.goto(harness.url(`#/move/deposit?account=${everyday}`));
    await page.getByLabel('Amount', { exact: true }).fill('1.00');
    await page.getByLabel('Date', { exact: true }).fill('2999-01-01');
    await page.getByRole('button', { name: 'Deposit', exact: true }).click();
    await expect.poll(() => page.getByText('A movement cannot be entered before the day it happens.').count()).toBe(1);
    expect(await page.locator('move-money-view li[data-transaction]').count()).toBe(0);
  });

  it('renames an account', async () => {
    savings = await openAccount(page, 'Savings');
    await page.getByLabel('Name', { exact: true }).fill('Rainy day');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'Rainy day', level: 1 }).waitFor();
    await showAccounts(page);
    await expect.poll(async () => (await listedFacts(page, 'Rainy day')).balance).toBe('$0.00');
  });

  it('closes an account holding money only by moving the money out first', async () => {
    await page.goto(harness.url('#/accounts/' + everyday));
    await page.getByRole('button', { name: 'Close account' }).click();
    await expect.poll(() => page.getByText('Everyday still holds $25.00.').count()).toBe(1);
    await page.getByLabel('Move it to', { exact: true }).selectOption(savings);
    await page.getByRole('button', { name: 'Move $25.00 and close' }).click();
    await page.getByRole('heading', { name: 'Closed account' }).waitFor();
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toContain('$0.00');
    await showAccounts(page);
    await expect.poll(async () => (await listedFacts(page, 'Rainy day')).balance).toBe('$25.00');
    expect(await listedFacts(page, 'Everyday')).toEqual({ balance: '$0.00' });
    await expect.poll(() => page.getByTestId('bank-total').textContent()).toBe('$25.00');
  });

  it('does not close an overdrawn account: its debt must be settled first', async () => {
    const card = await openAccount(page, 'Card', '50.00');
    const withdrawal = await moveMoney(page, { kind: 'withdraw', account: card, amount: '50.00' });
    await expect.poll(() => withdrawal.locator('.badge').textContent()).toBe('Done');
    await page.goto(harness.url('#/accounts/' + card));
    await page.getByRole('button', { name: 'Close account' }).click();
    await expect.poll(() => page.getByText('Card owes $50.00.').count()).toBe(1);
    expect(await page.getByRole('button', { name: /close/iu }).count()).toBe(0);
  });
});
