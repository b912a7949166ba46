import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../server/fixtures/server-process';
import { listedBalance, moveMoney, openAccount, showAccounts } from './bank-pages';
import { openApp, SCREENSHOT_DIR, startPwaHarness, type PwaHarness } from './pwa-harness';

/**
 * Sync end to end: the real sync server (its own process, PGlite in a temporary DATA_DIR, the vault it creates on
 * first start), one profile that banks and syncs through Settings, and a second, empty profile that restores from
 * the server and shows the same accounts, balances and ledger.
 */
describe('PWA › sync settings and restore from the server', () => {
  let harness: PwaHarness;
  let server: ServerProcess;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sync-e2e-data-'));
    [harness, server] = await Promise.all([startPwaHarness(), startServerProcess({ dataDir })]);
    expect(server.firstToken).toBeDefined();
    token = server.firstToken ?? '';
  });

  afterAll(async () => {
    await harness.close();
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Types the server and token into the sync card and presses `button`. */
  const configure = async (page: Page, button: 'Save and sync' | 'Restore from server') => {
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: button }).click();
  };

  const syncCard = (page: Page) => page.locator('section#sync');

  it('syncs a bank to the server and restores it into an empty profile with the same balances', async () => {
    const a = await harness.openProfile();
    await openApp(a.page, harness.url());

    // Settings validate the address before anything is kept.
    await a.page.goto(harness.url('#/settings'));
    await a.page.getByLabel('Server URL').fill('not a url');
    await a.page.getByLabel('Token').fill(token);
    await a.page.getByRole('button', { name: 'Save and sync' }).click();
    await a.page.getByText('Enter the server’s full address').waitFor();
    expect(await a.page.getByTestId('sync-state').textContent()).toContain('Sync is off.');

    const house = await openAccount(a.page, 'House');
    const car = await openAccount(a.page, 'Car', '100');
    for (const movement of [
      { kind: 'deposit', account: house, amount: '5,000' },
      { kind: 'transfer', from: house, to: car, amount: '1,234.56' },
      { kind: 'withdraw', account: car, amount: '1,300' },
      { kind: 'withdraw', account: car, amount: '1,000' },
    ] as const) {
      const row = await moveMoney(a.page, movement);
      await expect.poll(() => row.locator('.badge').textContent(), { timeout: 20_000 }).not.toBe('Pending');
    }
    await showAccounts(a.page);
    await expect.poll(() => listedBalance(a.page, 'House')).toBe('$3,765.44');
    await expect.poll(() => listedBalance(a.page, 'Car')).toBe('-$65.44');

    const started = Date.now();
    await configure(a.page, 'Save and sync');
    await expect
      .poll(() => a.page.getByTestId('sync-last').textContent(), { timeout: 30_000 })
      .not.toContain('Not yet');
    // Once more on demand: whatever the followers wrote after the first round goes too.
    await a.page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => a.page.getByTestId('sync-state').textContent(), { timeout: 30_000 })
      .toContain('Up to date');
    await expect.poll(() => a.page.getByTestId('sync-pending').textContent()).toContain('0 events');
    const syncedMs = Date.now() - started;
    const status = (await (
      await fetch(`${server.url}/v1/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as unknown;
    expect(JSON.stringify(status)).toContain('commands');
    await syncCard(a.page).screenshot({ path: join(SCREENSHOT_DIR, 'desktop-sync-card.png') });

    // A second tab of the same profile does not run a client of its own: the leading tab syncs.
    const second = await a.context.newPage();
    await second.goto(harness.url('#/settings'));
    await expect.poll(() => second.getByTestId('sync-state').textContent()).toContain('another open tab');
    await second.close();

    // Restore is for empty devices only: refused in words here, nothing changed.
    await a.page.getByRole('button', { name: 'Restore from server' }).click();
    await expect.poll(() => a.page.getByTestId('sync-notice').textContent()).toContain('already has a bank');
    await showAccounts(a.page);
    await expect.poll(() => listedBalance(a.page, 'House')).toBe('$3,765.44');

    const b = await harness.openProfile({ width: 390, height: 844 });
    await openApp(b.page, harness.url());
    await b.page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    const restoreStarted = Date.now();
    await configure(b.page, 'Restore from server');
    await expect
      .poll(() => b.page.getByTestId('sync-notice').textContent(), { timeout: 30_000 })
      .toContain('Restored 2 accounts');
    const restoredMs = Date.now() - restoreStarted;
    await expect
      .poll(() => b.page.getByTestId('sync-state').textContent(), { timeout: 30_000 })
      .toContain('Up to date');
    expect(await b.page.getByTestId('sync-pending').textContent()).toContain('0 events');
    // The viewport with the card's top just under the sticky header: an element screenshot of a card taller than
    // the space between the header and the bottom navigation would show them over it.
    const top = (await syncCard(b.page).boundingBox())?.y ?? 0;
    await b.page.evaluate((y) => window.scrollBy(0, y), top - 64);
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'phone-sync-card.png') });
    await b.page.evaluate(() => window.scrollBy(0, 400));
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'phone-sync-restored.png') });

    await showAccounts(b.page);
    await expect.poll(() => listedBalance(b.page, 'House')).toBe('$3,765.44');
    await expect.poll(() => listedBalance(b.page, 'Car')).toBe('-$65.44');
    await expect.poll(() => b.page.getByTestId('bank-total').textContent()).toBe('$3,700.00');
    await b.page.goto(harness.url('#/ledger'));
    await expect.poll(() => b.page.getByTestId('ledger-balance').textContent()).toContain('$3,700.00');

    console.info(`sync e2e: first sync ${syncedMs} ms, restore ${restoredMs} ms`);
  });
});
