import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCard, listedFacts, moveMoney, showAccounts } from './bank-pages';
import { startHarness, type Harness } from './harness';
import { shootScreens } from './pwa-harness';

/**
 * The app's screens on a device that syncs, with the stand-in for the sync client of `test/fixtures/fake-bank-sync.ts`
 * (`pages/app.html`): the state in the header on every screen, requests waiting to sync, what is available, a
 * withdrawal refused after syncing because another device spent first, a stopped sync saying why, and Settings →
 * Sync. Screenshots of each at phone and desktop width, light and dark. The same flows against the real sync client
 * and server are in `pwa-sync.e2e.test.ts`.
 */
describe('PWA › screens of a device that syncs', () => {
  let harness: Harness;
  let page: Page;
  let app = '';
  let savings = '';

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    app = harness.url(`/test/e2e/pages/app.html?prefix=sync-screens-${Date.now().toString(36)}`);
    await page.goto(app);
    // The first load of a run may wait for the dev server to prepare the app's dependencies.
    await page.locator('main h1').first().waitFor({ timeout: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await harness.close();
  });

  const indicator = () => page.getByTestId('sync-indicator');
  const show = (hash: string) => page.goto(`${app}${hash}`);
  const syncNow = () => page.evaluate(() => window.fakeSync?.syncNow());
  const shoot = async (name: string) => {
    await page.locator('main h1').first().waitFor();
    await page.waitForTimeout(150);
    await shootScreens(page, name);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shootScreens(page, `dark-${name}`);
    await page.emulateMedia({ colorScheme: 'light' });
  };
  /** Every word of the app, through its shadow roots, as a person (or a screen reader) gets them. */
  const visibleText = () =>
    page.evaluate(() => {
      const words: string[] = [];
      const walk = (node: Node) => {
        if (node.nodeType === Node.TEXT_NODE) words.push(node.textContent ?? '');
        if (node instanceof Element) {
          for (const name of ['aria-label', 'title', 'placeholder']) words.push(node.getAttribute(name) ?? '');
          if (node.shadowRoot !== null) walk(node.shadowRoot);
        }
        node.childNodes.forEach(walk);
      };
      walk(document.body);
      return words.join(' ');
    });

  it('suggests the server, turns sync on, and shows the state in the header on every screen, linking to Settings → Sync', async () => {
    // Served by a sync server (its health check answers), the app suggests its own address.
    await page.route('**/healthz', (route) => route.fulfill({ json: { status: 'ok' } }));
    await show('#/settings');
    await page.getByTestId('sync-state').waitFor();
    expect(await page.getByTestId('sync-state').textContent()).toContain('Sync is off.');
    expect(await indicator().count()).toBe(0);
    await expect.poll(() => page.getByLabel('Server address').inputValue()).toBe(new URL(app).origin);
    await page.unroute('**/healthz');
    await shoot('settings-sync-off');

    // Settings are checked before anything is kept.
    await page.getByLabel('Server address').fill('bank.example.org');
    await page.getByLabel('Vault token').fill('vault-1.secret');
    await page.getByRole('button', { name: 'Turn on sync' }).click();
    await page.getByText('Enter the server’s full address').waitFor();
    // The button says what it will do: with a recovery code, it joins a vault.
    await page.getByLabel('Recovery code (to join a vault)').fill('7K3M-Q9TV');
    await page.getByRole('button', { name: 'Join vault' }).waitFor();
    await page.getByLabel('Recovery code (to join a vault)').fill('');

    await page.getByLabel('Server address').fill('https://bank.example.org');
    await page.getByRole('button', { name: 'Turn on sync' }).click();
    await expect.poll(() => page.getByTestId('sync-notice').textContent()).toContain('Sync is on.');
    await expect.poll(() => indicator().textContent()).toContain('Synced');
    for (const hash of ['#/', '#/activity', '#/ledger', '#/move/deposit']) {
      await show(hash);
      await page.locator('main h1').first().waitFor();
      expect(await indicator().textContent()).toContain('Synced');
    }
    await indicator().click();
    await page.waitForURL(/#\/settings\/sync$/u);
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toContain('Up to date');
  });

  it('keeps what this device asks waiting until synced, and takes pending debits off what is available', async () => {
    // Opened while waiting to sync: the account exists once this device syncs.
    await show('#/open');
    await page.getByLabel('Name', { exact: true }).fill('Savings');
    await page.getByLabel('Overdraft limit (optional)').fill('100');
    await page.getByRole('button', { name: 'Open account' }).click();
    await page.getByText('This account is opened once this device syncs.').waitFor();
    await showAccounts(page);
    await page.getByRole('link', { name: /^Savings ?, Waiting to sync/u }).waitFor();
    await expect.poll(() => indicator().textContent()).toContain('1 waiting to sync');
    await shoot('accounts-waiting');

    await syncNow();
    await expect.poll(() => indicator().textContent()).toContain('Synced');
    const href = await accountCard(page, 'Savings').getAttribute('href');
    savings = decodeURIComponent(href?.replace('#/accounts/', '') ?? '');
    expect(savings).not.toBe('');
    await moveMoney(page, { kind: 'deposit', account: savings, amount: '500' });
    await syncNow();
    await showAccounts(page);
    await expect.poll(() => listedFacts(page, 'Savings')).toEqual({ balance: '$500.00', available: '$600.00' });

    // Offline: a withdrawal waits to sync, and what is available already counts it.
    await page.evaluate(() => window.fakeSync?.reachable(false));
    await expect.poll(() => indicator().textContent()).toContain('Offline');
    const row = await moveMoney(page, { kind: 'withdraw', account: savings, amount: '300' });
    await expect.poll(() => row.locator('.badge').textContent()).toBe('Waiting to sync');
    await shoot('move-waiting');
    await showAccounts(page);
    await expect.poll(() => listedFacts(page, 'Savings')).toEqual({ balance: '$500.00', available: '$300.00' });
    await expect.poll(() => indicator().textContent()).toContain('Offline · 1 waiting');
    await shoot('accounts-offline');
    await show(`#/accounts/${savings}`);
    await expect.poll(() => page.getByTestId('account-available').textContent()).toContain('$300.00');
    expect(await page.getByTestId('account-waiting').textContent()).toContain('$300.00');
    await shoot('account-waiting');
    await show('#/activity');
    await page.getByText('Waiting to sync').first().waitFor();
    await shoot('activity-waiting');
  });

  it('says a withdrawal was refused after syncing, and why, when another device spent the money first', async () => {
    // The laptop took $400.00 from Savings while this device was offline; the vault put it first.
    await page.evaluate((accountId) => {
      window.fakeVault.append('laptop', {
        id: 'laptop-withdrawal',
        type: 'WithdrawalRequested',
        timestamp: new Date().toISOString(),
        data: { debitAccountId: accountId, amount: 40_000, rulesVersion: 1 },
      });
    }, savings);
    await page.evaluate(() => window.fakeSync?.reachable(true));
    await syncNow();
    await show('#/activity');
    const refused = page.getByText('Refused after syncing:');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'Refused after syncing: Savings had $200.00 available when this withdrawal was reached.',
    );
    expect(await page.locator('activity-view .badge').first().textContent()).toBe('Refused');
    await shoot('activity-refused');
    await showAccounts(page);
    await expect.poll(() => listedFacts(page, 'Savings')).toEqual({ balance: '$100.00', available: '$200.00' });
    const words = await visibleText();
    expect(words).not.toMatch(/conflict|events?\b/iu);
    expect(words).not.toContain(savings);
  });

  it('shows the recovery code with a warning to keep it safe', async () => {
    await show('#/settings/sync');
    await page.getByRole('button', { name: 'Show recovery code' }).click();
    await expect
      .poll(() => page.getByTestId('recovery-code').textContent())
      .toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/u);
    await page.getByText('Keep it safe and never share it.').waitFor();
    await shoot('settings-sync-on');
  });

  it('says why on every screen when sync stopped, and no success beside it', async () => {
    await page.evaluate(() => window.fakeSync?.stopWith('log-integrity', 'chain link mismatch at seq 3'));
    await expect.poll(() => indicator().textContent()).toContain('Sync stopped');
    for (const hash of ['#/', '#/activity']) {
      await show(hash);
      await page.getByTestId('sync-problem').waitFor();
      expect(await page.getByTestId('sync-problem').textContent()).toContain('does not check out');
    }
    await shoot('accounts-sync-stopped');
    await show('#/settings/sync');
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toContain('Stopped');
    expect(await page.getByTestId('sync-error').textContent()).toContain('does not check out');
    expect(await page.getByTestId('sync-notice').count()).toBe(0);
    expect(await visibleText()).not.toMatch(/conflict|events?\b|seq/iu);
    await shoot('settings-sync-stopped');
  });
});
