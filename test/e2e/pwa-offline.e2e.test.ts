import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedBalance, moveMoney, openAccount, showAccounts } from './bank-pages';
import { pwaBuild } from './pwa-build';
import { openApp, SCREENSHOT_DIR, startPwaHarness, type PwaHarness } from './pwa-harness';

/** The app as an installed, offline-first PWA: installable, works with the server gone, updates when asked. */
describe('PWA › offline, installable, updatable', () => {
  let harness: PwaHarness;

  beforeAll(async () => {
    harness = await startPwaHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('is installable: Chromium reports no installability errors and a valid manifest', async () => {
    const { context, page } = await harness.openProfile();
    await openApp(page, harness.url());
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: unknown[];
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toBe(harness.url('manifest.webmanifest'));
  });

  it('after the first visit, reloads with the network cut and the server stopped, and keeps new operations', async () => {
    const { context, page } = await harness.openProfile();
    await openApp(page, harness.url());
    const rent = await openAccount(page, 'Rent');
    const first = await moveMoney(page, { kind: 'deposit', account: rent, amount: '800' });
    await expect.poll(() => first.locator('.badge').textContent()).toBe('Done');

    await harness.server.stop();
    await context.setOffline(true);
    try {
      await page.goto(harness.url('#/'));
      await page.reload();
      await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
      await page.getByTestId('offline-indicator').waitFor();
      await expect.poll(() => listedBalance(page, 'Rent')).toBe('$800.00');
      expect(
        await page.evaluate(() =>
          fetch('/not-precached.txt').then(
            () => 'reached',
            () => 'unreachable',
          ),
        ),
      ).toBe('unreachable');

      const offline = await moveMoney(page, { kind: 'withdraw', account: rent, amount: '120.50' });
      await expect.poll(() => offline.locator('.badge').textContent()).toBe('Done');
      await page.reload();
      await showAccounts(page);
      await expect.poll(() => listedBalance(page, 'Rent')).toBe('$679.50');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-offline.png') });
    } finally {
      await context.setOffline(false);
      await harness.server.start();
    }
  });

  it('shows the update prompt for a new build; accepting it loads the new version with the data intact', async () => {
    const { page } = await harness.openProfile();
    await openApp(page, harness.url('#/settings'));
    await expect.poll(() => page.getByTestId('app-version').textContent()).toContain('build e2e-1');
    await page.goto(harness.url('#/'));
    const groceries = await openAccount(page, 'Groceries');
    const deposit = await moveMoney(page, { kind: 'deposit', account: groceries, amount: '42.10' });
    await expect.poll(() => deposit.locator('.badge').textContent()).toBe('Done');

    harness.server.serve(await pwaBuild('e2e-2'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const banner = page.getByRole('status').filter({ hasText: 'A new version is ready.' });
    await banner.waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-update-prompt.png') });
    // The banner sits above the header and scrolls away with the page: it never covers the header.
    await page.goto(harness.url('#/settings'));
    await page.setViewportSize({ width: 390, height: 500 });
    for (const top of [0, 400]) {
      await page.evaluate((y) => window.scrollTo({ top: y }), top);
      const boxes = await page.evaluate(() => {
        const header = document.querySelector('bank-app')?.shadowRoot?.querySelector('header');
        const of = (element: Element | null | undefined) => {
          const box = element?.getBoundingClientRect();
          return { top: box?.top ?? NaN, bottom: box?.bottom ?? NaN };
        };
        return { banner: of(document.getElementById('update-banner')), header: of(header), scrollY: window.scrollY };
      });
      expect(boxes.scrollY).toBe(top);
      expect(boxes.banner.bottom).toBeLessThanOrEqual(boxes.header.top);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);

    await page.goto(harness.url('#/settings'));
    await expect.poll(() => page.getByTestId('app-version').textContent()).toContain('build e2e-2');
    await showAccounts(page);
    await expect.poll(() => listedBalance(page, 'Groceries')).toBe('$42.10');
  });
});
