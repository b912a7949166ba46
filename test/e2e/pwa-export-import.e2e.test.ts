import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLogFile } from '../../src/ui';
import { listedBalance, moveMoney, openAccount, showAccounts } from './bank-pages';
import { openApp, SCREENSHOT_DIR, startPwaHarness, type PwaHarness } from './pwa-harness';

/**
 * The bank to a file (its requests) and back: a fresh profile derives the same bank; a damaged, foreign or forged
 * file changes nothing.
 */
describe('PWA › export and import of the bank as a file', () => {
  let harness: PwaHarness;
  let exported = '';

  beforeAll(async () => {
    harness = await startPwaHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  const importFile = async (page: Page, path: string): Promise<string> => {
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Import from a file').setInputFiles(path);
    const notice = page.getByTestId('data-notice');
    await notice.waitFor();
    return (await notice.textContent())?.trim() ?? '';
  };

  it('imports an export into a fresh profile with the same balances, ledger and history', async () => {
    const source = await harness.openProfile();
    await openApp(source.page, harness.url());
    const house = await openAccount(source.page, 'House');
    const car = await openAccount(source.page, 'Car', '100');
    for (const movement of [
      { kind: 'deposit', account: house, amount: '5,000' },
      { kind: 'transfer', from: house, to: car, amount: '1,234.56' },
      { kind: 'withdraw', account: car, amount: '1,300' },
      { kind: 'withdraw', account: car, amount: '1,000' },
    ] as const) {
      const row = await moveMoney(source.page, movement);
      await expect.poll(() => row.locator('.badge').textContent()).not.toBe('Pending');
    }
    await source.page.goto(harness.url('#/settings'));
    const [download] = await Promise.all([
      source.page.waitForEvent('download'),
      source.page.getByRole('button', { name: 'Export to a file' }).click(),
    ]);
    exported = join(source.directory, 'export.json');
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8')) as EventLogFile;
    expect(file.formatVersion).toBe(2);
    expect(file.requests.map((request) => request.type)).toEqual([
      'AccountOpeningRequested',
      'AccountOpeningRequested',
      'DepositRequested',
      'TransferRequested',
      'WithdrawalRequested',
      'WithdrawalRequested',
    ]);
    expect(file.summary.accounts.map((account) => [account.id, account.balance])).toEqual([
      [house, 376_544],
      [car, -6_544],
    ]);

    const target = await harness.openProfile();
    await openApp(target.page, harness.url());
    const notice = await importFile(target.page, exported);
    expect(notice).toContain('Imported 2 accounts');
    expect(notice).toContain('Every balance matches the file.');
    await target.page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-imported.png') });
    await showAccounts(target.page);
    await expect.poll(() => listedBalance(target.page, 'House')).toBe('$3,765.44');
    await expect.poll(() => listedBalance(target.page, 'Car')).toBe('-$65.44');
    await expect.poll(() => target.page.getByTestId('bank-total').textContent()).toBe('$3,700.00');
    await target.page.goto(harness.url('#/activity'));
    const activity = target.page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem');
    await expect.poll(() => activity.locator('.badge').allTextContents()).toEqual(['Failed', 'Done', 'Done', 'Done']);

    // The imported bank goes on working, and its followers did not process anything twice.
    const more = await moveMoney(target.page, { kind: 'deposit', account: car, amount: '65.44' });
    await expect.poll(() => more.locator('.badge').textContent()).toBe('Done');
    await target.page.goto(harness.url('#/ledger'));
    await expect.poll(() => target.page.getByTestId('ledger-balance').textContent()).toContain('$3,765.44');
    await expect.poll(() => target.page.getByTestId('ledger-count').textContent()).toContain('5');

    expect(await importFile(target.page, exported)).toContain('already has a bank');
  });

  it('refuses a damaged or foreign file with a clear message, and changes nothing', async () => {
    const text = readFileSync(exported, 'utf8');
    const { page, directory } = await harness.openProfile();
    await openApp(page, harness.url());
    const cases: readonly (readonly [string, string, string])[] = [
      ['truncated.json', text.slice(0, Math.floor(text.length / 2)), 'cannot be read as JSON'],
      ['edited.json', text.replace('"amount":500000', '"amount":900000'), 'damaged'],
      ['foreign.json', JSON.stringify({ hello: 'world' }), 'not an export of this bank'],
      ['forged.json', forgedCredit(text), 'does not add up'],
    ];
    for (const [name, content, message] of cases) {
      expect(content).not.toBe(text);
      const path = join(directory, name);
      writeFileSync(path, content);
      const notice = await importFile(page, path);
      expect(notice).toContain(message);
      expect(notice).toContain('Nothing was changed.');
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-import-refused.png') });
    await showAccounts(page);
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    expect(await storedEvents(page)).toEqual({
      'bank-commands': 0,
      'bank-sagas': 0,
      'bank-accounts': 0,
      'bank-ledger': 0,
      'bank-transaction-log': 0,
    });
  });
});

/** The file with a deposit of $1,000,000 added to its first account and its digest recomputed, as a forger would. */
function forgedCredit(text: string): string {
  const file = JSON.parse(text) as EventLogFile;
  const credit = {
    id: 'forged-deposit',
    type: 'DepositRequested',
    schemaVersion: 2,
    timestamp: '2030-01-01T00:00:00.000Z',
    data: { creditAccountId: file.summary.accounts[0]?.id ?? '', amount: 100_000_000, rulesVersion: 1 },
  };
  const body = { requests: [...file.requests, credit], pending: file.pending, summary: file.summary };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return JSON.stringify({ ...file, ...body, digest });
}

/**
 * How many events each of the bank's applications holds in its IndexedDB database (`bank`, one table of events
 * keyed by application and id), read with the raw IndexedDB API.
 */
function storedEvents(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('bank');
      request.onerror = () => reject(request.error ?? new Error('open failed'));
      request.onsuccess = () => resolve(request.result);
    });
    const counts: Record<string, number> = {};
    for (const name of ['commands', 'sagas', 'accounts', 'ledger', 'transaction-log']) {
      counts[`bank-${name}`] = await new Promise<number>((resolve, reject) => {
        if (!database.objectStoreNames.contains('events')) {
          resolve(0);
          return;
        }
        const range = IDBKeyRange.bound([name], [name, []]);
        const count = database.transaction('events').objectStore('events').count(range);
        count.onsuccess = () => resolve(count.result);
        count.onerror = () => reject(count.error ?? new Error('count failed'));
      });
    }
    database.close();
    return counts;
  });
}
