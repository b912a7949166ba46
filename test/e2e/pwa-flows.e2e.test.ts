import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountCard,
  focusedElement,
  listedBalance,
  listedFacts,
  moveMoney,
  openAccount,
  showAccounts,
} from './bank-pages';
import { openApp, SCREENSHOT_DIR, startPwaHarness, type Profile, type PwaHarness } from './pwa-harness';

/** The built PWA in Chromium: what a person does every day, found by role and name as a screen reader would. */
describe('PWA › everyday use', () => {
  let harness: PwaHarness;
  let profile: Profile;
  let page: Page;
  let alice = '';
  let bob = '';

  beforeAll(async () => {
    harness = await startPwaHarness();
    profile = await harness.openProfile();
    page = profile.page;
    await openApp(page, harness.url());
  });

  afterAll(async () => {
    await harness.close();
  });

  it('opens two accounts, deposits, withdraws and transfers, and shows balances, history, status and ledger', async () => {
    alice = await openAccount(page, 'Alice');
    bob = await openAccount(page, 'Bob', '25.00');

    const deposit = await moveMoney(page, { kind: 'deposit', account: alice, amount: '1,000.00' });
    await expect.poll(() => deposit.locator('.badge').textContent()).toBe('Done');
    const withdrawal = await moveMoney(page, { kind: 'withdraw', account: alice, amount: '12.34' });
    await expect.poll(() => withdrawal.locator('.badge').textContent()).toBe('Done');
    const transfer = await moveMoney(page, { kind: 'transfer', from: alice, to: bob, amount: '250' });
    await expect.poll(() => transfer.locator('.badge').textContent()).toBe('Done');

    await showAccounts(page);
    await expect.poll(() => listedBalance(page, 'Alice')).toBe('$737.66');
    await expect.poll(() => listedBalance(page, 'Bob')).toBe('$250.00');
    await expect.poll(() => page.getByTestId('bank-total').textContent()).toBe('$987.66');

    await accountCard(page, 'Alice').click();
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toContain('$737.66');
    const history = page.getByRole('list', { name: 'History, newest first' }).getByRole('listitem');
    await expect.poll(() => history.count()).toBe(4);
    const lines = await history.allInnerTexts();
    expect(lines.map((line) => line.split('\n')[0])).toEqual([
      'Transfer to Bob',
      'Withdrawal',
      'Deposit',
      'Account opened',
    ]);
    expect(lines[0]).toContain('-$250.00');
    await expect.poll(() => page.getByRole('img', { name: /^Balance over time/ }).count()).toBe(1);

    await page.goto(harness.url('#/accounts/' + bob));
    await expect.poll(() => page.getByTestId('account-available').textContent()).toContain('$275.00');
    await expect.poll(() => page.getByTestId('account-overdraft').textContent()).toContain('$25.00');

    await page.getByRole('link', { name: 'Activity' }).click();
    const activity = page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem');
    await expect.poll(() => activity.count()).toBe(3);
    await expect.poll(() => activity.locator('.badge').allTextContents()).toEqual(['Done', 'Done', 'Done']);
    expect(await activity.first().innerText()).toContain('Transfer of $250.00 from Alice to Bob');

    await page.getByRole('link', { name: 'Ledger' }).click();
    await expect.poll(() => page.getByTestId('ledger-balance').textContent()).toContain('$987.66');
    await expect.poll(() => page.getByTestId('ledger-count').textContent()).toContain('4');
    await expect.poll(() => page.getByText('The ledger matches the accounts.').count()).toBe(1);
  });

  it('shows why a withdrawal was refused, and changes no balance', async () => {
    const refused = await moveMoney(page, { kind: 'withdraw', account: bob, amount: '1000' });
    await expect.poll(() => refused.locator('.badge').textContent()).toBe('Failed');
    expect(await refused.innerText()).toContain('Not enough money in Bob: $275.00 available, $1,000.00 requested.');
    await showAccounts(page);
    await expect.poll(() => listedBalance(page, 'Bob')).toBe('$250.00');
    await expect.poll(() => page.getByTestId('bank-total').textContent()).toBe('$987.66');
  });

  it('refuses a malformed amount in place and records nothing', async () => {
    await page.goto(harness.url('#/move/deposit'));
    await page.getByLabel('Account', { exact: true }).selectOption(alice);
    const amount = page.getByLabel('Amount', { exact: true });
    for (const [typed, message] of [
      ['12,34', 'Enter an amount like 1234.56.'],
      ['12.345', 'Use at most two decimal places (cents).'],
      ['-5', 'Enter the amount without a minus sign.'],
      ['ten', 'Enter an amount like 1234.56.'],
    ] as const) {
      await amount.fill(typed);
      await page.getByRole('button', { name: 'Deposit', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain(message);
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      await expect
        .poll(() => amount.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement))
        .toBe(true);
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-amount-refused.png') });
    expect(await page.locator('move-money-view li[data-transaction]').count()).toBe(0);
    await page.getByRole('link', { name: 'Activity' }).click();
    const activity = page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem');
    await expect.poll(() => activity.count()).toBe(4);
  });

  it('asks for persistent storage and shows the browser’s answer and the storage used', async () => {
    await page.goto(harness.url('#/settings'));
    await expect.poll(() => page.getByTestId('storage-usage').textContent()).toMatch(/\d/);
    await page.getByRole('button', { name: 'Keep my data on this device' }).click();
    const answer = page.getByRole('status').filter({ hasText: /browser (will keep|said no)/ });
    await answer.waitFor();
    const granted = await page.evaluate(() => navigator.storage.persisted());
    expect(await answer.textContent()).toContain(granted ? 'will keep your data' : 'said no');
    await expect
      .poll(() => page.getByTestId('storage-persisted').textContent())
      .toContain(granted ? 'Protected' : 'Not protected');
  });

  it('works from the keyboard: opens an account, then closes it after confirming', async () => {
    await showAccounts(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let presses = 0; presses < 20; presses++) {
      await page.keyboard.press('Tab');
      if ((await focusedElement(page)).text === 'New account') break;
    }
    expect((await focusedElement(page)).text).toBe('New account');
    await page.keyboard.press('Enter');
    await page.getByLabel('Name', { exact: true }).waitFor();
    // The new screen starts with the focus at its top: "Cancel", then the name.
    for (let presses = 0; presses < 5 && (await focusedElement(page)).id !== 'name'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect((await focusedElement(page)).id).toBe('name');
    await page.keyboard.type('Old savings');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Old savings', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Close account' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Yes, close account' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Closed account' }).waitFor();
    // A closed account pays out nothing: no "Available" any more.
    expect(await page.getByTestId('account-available').count()).toBe(0);
    await showAccounts(page);
    expect(await listedFacts(page, 'Old savings')).toEqual({ balance: '$0.00' });
    expect(await accountCard(page, 'Old savings').textContent()).toContain('No longer in use');
  });

  it('sets an overdraft limit, and then lets the account go below zero down to it', async () => {
    await page.goto(harness.url(`#/accounts/${alice}`));
    await page.getByLabel('Overdraft limit', { exact: true }).fill('100');
    await page.getByRole('button', { name: 'Set limit' }).click();
    await page.getByText('Overdraft limit set to $100.00.').waitFor();
    await expect.poll(() => page.getByTestId('account-available').textContent()).toContain('$837.66');
    await showAccounts(page);
    await expect.poll(() => listedFacts(page, 'Alice')).toEqual({ balance: '$737.66', available: '$837.66' });

    const withdrawal = await moveMoney(page, { kind: 'withdraw', account: alice, amount: '837.66' });
    await expect.poll(() => withdrawal.locator('.badge').textContent()).toBe('Done');
    await page.goto(harness.url(`#/accounts/${alice}`));
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toContain('-$100.00');
    await expect.poll(() => page.getByTestId('account-available').textContent()).toContain('$0.00');
  });

  it('records one deposit when Deposit is clicked twice at once', async () => {
    const carol = await openAccount(page, 'Carol');
    await page.goto(harness.url('#/move/deposit'));
    await page.getByLabel('Account', { exact: true }).selectOption(carol);
    await page.getByLabel('Amount', { exact: true }).fill('40.00');
    const rows = page.locator('move-money-view li[data-transaction]');
    await page.getByRole('button', { name: 'Deposit', exact: true }).dblclick();
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().locator('.badge').textContent()).toBe('Done');
    await showAccounts(page);
    await expect.poll(() => listedBalance(page, 'Carol')).toBe('$40.00');
    await page.getByRole('link', { name: 'Activity' }).click();
    const activity = page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem');
    await expect.poll(() => activity.first().textContent()).toContain('$40.00');
    expect(await activity.filter({ hasText: '$40.00' }).count()).toBe(1);
  });

  it('disables Deposit while a slow write waits (another tab holding the store), and enables it after', async () => {
    const dave = await openAccount(page, 'Dave');
    await page.goto(harness.url('#/move/deposit'));
    await page.getByLabel('Account', { exact: true }).selectOption(dave);
    await page.getByLabel('Amount', { exact: true }).fill('25.00');
    const button = page.getByRole('button', { name: 'Deposit', exact: true });
    // Another connection holds a write transaction on the bank's stores for a second, as another tab writing would.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('bank');
          open.onerror = () => reject(open.error ?? new Error('open failed'));
          open.onsuccess = () => {
            const db = open.result;
            const transaction = db.transaction(['events', 'tracking'], 'readwrite');
            const store = transaction.objectStore('tracking');
            const until = performance.now() + 1_000;
            const hold = () => {
              if (performance.now() < until) store.count().onsuccess = hold;
            };
            hold();
            transaction.oncomplete = () => db.close();
            resolve();
          };
        }),
    );
    expect(await button.isDisabled()).toBe(false);
    await button.click();
    await expect.poll(() => button.isDisabled(), { interval: 20 }).toBe(true);
    const rows = page.locator('move-money-view li[data-transaction]');
    await expect.poll(() => button.isDisabled(), { timeout: 5_000 }).toBe(false);
    await expect.poll(() => rows.first().locator('.badge').textContent()).toBe('Done');
    await showAccounts(page);
    await expect.poll(() => listedBalance(page, 'Dave')).toBe('$25.00');
  });

  it('deposits once when Enter is pressed in the amount field', async () => {
    const erin = await openAccount(page, 'Erin');
    await page.goto(harness.url('#/move/deposit'));
    await page.getByLabel('Account', { exact: true }).selectOption(erin);
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.fill('12.50');
    await amount.press('Enter');
    const rows = page.locator('move-money-view li[data-transaction]');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().locator('.badge').textContent()).toBe('Done');
    expect(await amount.inputValue()).toBe('');
    await showAccounts(page);
    await expect.poll(() => listedBalance(page, 'Erin')).toBe('$12.50');
  });
});
