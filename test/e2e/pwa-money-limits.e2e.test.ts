import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedFacts, showAccounts } from './bank-pages';
import { openApp, startPwaHarness, type Profile, type PwaHarness } from './pwa-harness';
import { writeBankExport } from './seeded-export';

const LARGEST = Number.MAX_SAFE_INTEGER; // $90,071,992,547,409.91

/**
 * The built app holding the largest values a bank can have stored (by the app before amounts had a maximum):
 * balances and an overdraft limit at the top of the safe integers, whose sums pass them. Every screen still shows them, to the cent; and the move-money form never
 * sends a request to an account it does not show.
 */
describe('PWA › the largest stored values, and accounts the form does not show', () => {
  let harness: PwaHarness;
  let profile: Profile;
  let page: Page;
  const ids = { rich: '', richer: '', limit: '', closed: '' };

  beforeAll(async () => {
    harness = await startPwaHarness();
    profile = await harness.openProfile();
    page = profile.page;
    await openApp(page, harness.url());
    const path = join(profile.directory, 'largest.json');
    await writeBankExport(
      path,
      async (system) => {
        ids.rich = await system.accounts.openAccount({ name: 'Rich' });
        ids.richer = await system.accounts.openAccount({ name: 'Richer' });
        ids.limit = await system.accounts.openAccount({ name: 'Limit', overdraftLimit: LARGEST });
        ids.closed = await system.accounts.openAccount({ name: 'Closed' });
        await system.commands.depositFunds(ids.rich, LARGEST);
        await system.commands.depositFunds(ids.richer, LARGEST);
        await system.commands.depositFunds(ids.limit, 1);
        await system.accounts.closeAccount(ids.closed);
        // Under the first rules, which took any safe integer: what the app recorded before amounts had a maximum.
      },
      { rulesVersion: 1 },
    );
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Import from a file').setInputFiles(path);
    await page.getByTestId('data-notice').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('data-notice').textContent()).toContain('Every balance matches the file.');
  }, 120_000);

  afterAll(async () => {
    await harness.close();
  });

  it('shows the bank total and every account, exactly, on the accounts screen', async () => {
    await showAccounts(page);
    await expect.poll(() => page.getByTestId('bank-total').textContent()).toBe('$180,143,985,094,819.83');
    expect(await listedFacts(page, 'Rich')).toEqual({
      balance: '$90,071,992,547,409.91',
      available: '$90,071,992,547,409.91',
    });
    expect((await listedFacts(page, 'Limit')).available).toBe('$90,071,992,547,409.92');
  });

  it('shows the account whose limit passes the safe integers with what it can pay out', async () => {
    await page.goto(harness.url('#/accounts/' + ids.limit));
    await expect.poll(() => page.getByTestId('account-available').textContent()).toContain('$90,071,992,547,409.92');
  });

  it('shows the ledger, its total and the sum of the balances, exactly', async () => {
    await page.goto(harness.url('#/ledger'));
    await expect.poll(() => page.getByTestId('ledger-balance').textContent()).toContain('$180,143,985,094,819.83');
    await expect.poll(() => page.getByText('The ledger matches the accounts.').count()).toBe(1);
  });

  it('opens a link to a closed account with nothing chosen, says why, and records nothing', async () => {
    await expectNothingChosen(page, ids.closed, 'Closed is closed');
  });

  it('opens a link to an unknown account with nothing chosen, says why, and records nothing', async () => {
    await expectNothingChosen(page, 'no-such-account', 'does not have');
  });
});

/** Follows a deposit link naming `accountId`, tries to deposit, and checks that nothing was sent. */
async function expectNothingChosen(page: Page, accountId: string, why: string): Promise<void> {
  await page.goto(new URL(`#/move/deposit?account=${accountId}`, page.url()).href);
  await expect.poll(() => page.getByTestId('account-notice').textContent()).toContain(why);
  expect(await page.getByLabel('Account', { exact: true }).inputValue()).toBe('');
  await page.getByLabel('Amount', { exact: true }).fill('5.00');
  await page.getByRole('button', { name: 'Deposit', exact: true }).click();
  await expect.poll(() => page.locator('move-money-view .field-error').innerText()).toContain('Choose an account.');
  expect(await page.locator('move-money-view li[data-transaction]').count()).toBe(0);
}
