import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveMoney, openAccount } from './bank-pages';
import { openApp, startPwaHarness, type Profile, type PwaHarness } from './pwa-harness';

/** Transactions to a CSV file and a bank statement (CSV) into an account, through the screens. */
describe('PWA › CSV export and statement import', () => {
  let harness: PwaHarness;
  let profile: Profile;
  let house = '';

  beforeAll(async () => {
    harness = await startPwaHarness();
    profile = await harness.openProfile();
    await openApp(profile.page, harness.url());
  });

  afterAll(async () => {
    await harness.close();
  });

  it('exports an account’s history as a CSV file that reads back with its balance', async () => {
    const { page } = profile;
    house = await openAccount(page, 'House');
    const row = await moveMoney(page, { kind: 'deposit', account: house, amount: '1,234.50' });
    await expect.poll(() => row.locator('.badge').textContent()).not.toBe('Pending');
    await page.goto(harness.url(`#/accounts/${house}`));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^offline-bank-house-\d{4}-\d{2}-\d{2}\.csv$/u);
    const path = join(profile.directory, 'house.csv');
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF"date","recorded","account"')).toBe(true);
    const rows = text.slice(1).trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/^"\d{4}-\d{2}-\d{2}","[^"]+","House","deposit","1234\.50","1234\.50","","[^"]+"$/u);
  });

  it('imports a three-row statement after a preview, and shows the movements with their notes', async () => {
    const { page } = profile;
    const file = join(profile.directory, 'statement.csv');
    writeFileSync(
      file,
      'Date,Description,Amount\r\n2026-11-01,Salary November,2500.00\r\n2026-11-02,"Coffee, with cake",-4.50\r\n2026-11-03,Rent,-1200\r\n',
    );
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Statement file (CSV)').setInputFiles(file);
    const preview = page.getByRole('table', { name: 'Preview of the statement' });
    await preview.waitFor();
    await expect.poll(() => preview.locator('tbody tr').count()).toBe(3);
    expect(await preview.locator('tbody tr').nth(1).textContent()).toContain('Withdrawal');
    await page.getByRole('button', { name: 'Import 3 movements' }).click();
    await expect.poll(() => page.getByTestId('statement-notice').textContent()).toContain('Recorded 3 movements');

    await page.goto(harness.url(`#/accounts/${house}`));
    const notes = page.getByTestId('entry-note');
    await expect.poll(() => notes.allTextContents()).toEqual(['Rent', 'Coffee, with cake', 'Salary November']);
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toContain('$2,530.00');

    // The same file again: every row is already there.
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Statement file (CSV)').setInputFiles(file);
    await expect.poll(() => preview.getByText('Already present: skipped').count()).toBe(3);
  });

  it('finds movements by their note, and keeps the search in the address across a reload', async () => {
    const { page } = profile;
    await page.goto(harness.url(`#/accounts/${house}`));
    await page.getByLabel('Search notes and account names').fill('CAKE');
    await expect.poll(() => page.getByTestId('history-found').textContent()).toContain('1 line found');
    expect(new URL(page.url()).hash).toBe(`#/accounts/${house}?q=CAKE`);
    await page.reload();
    await expect.poll(() => page.getByTestId('entry-note').allTextContents()).toEqual(['Coffee, with cake']);
  });

  it('refuses a statement with a bad row, naming the row, and records nothing', async () => {
    const { page } = profile;
    const file = join(profile.directory, 'bad.csv');
    writeFileSync(file, 'Date,Description,Amount\r\n2026-11-05,Books,-20.00\r\n2026-11-06,Lunch,12.345\r\n');
    await page.goto(harness.url('#/settings'));
    await page.getByLabel('Statement file (CSV)').setInputFiles(file);
    const refusal = page.getByTestId('statement-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Row 3');
    expect(await page.getByRole('button', { name: /^Import \d+ movement/u }).count()).toBe(0);
    await page.goto(harness.url(`#/accounts/${house}`));
    await expect.poll(() => page.getByTestId('entry-note').count()).toBe(3);
  });
});
