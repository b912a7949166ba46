import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { memoryPersistence } from '../../src/eventsourcing';
import { exportEventLog } from '../../src/ui';
import { openApp, shootScreens, startPwaHarness, type PwaHarness } from './pwa-harness';

/**
 * Writes the export file of a bank whose history holds a transfer to a closed account (refused, and refunded) and a
 * withdrawal of more than there is (refused); returns the account ids. The app's forms cannot make a transfer to a
 * closed account, so the bank is made here and imported, which derives it again by the rules.
 */
async function writeBankWithRefund(path: string): Promise<{ savings: string; checking: string }> {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
  try {
    const savings = await system.commands.openAccount({ name: 'Savings' });
    const checking = await system.commands.openAccount({ name: 'Checking' });
    await system.commands.depositFunds(savings, 10_000);
    await system.commands.closeAccount(checking);
    await system.commands.transferFunds(savings, checking, 2_000);
    await system.commands.withdrawFunds(savings, 50_000);
    await system.commands.depositFunds(savings, 500);
    await system.settled();
    writeFileSync(path, JSON.stringify(await exportEventLog(system, 'inspector')));
    return { savings, checking };
  } finally {
    await system.stop();
  }
}

describe('PWA › request history (the inspector)', () => {
  let harness: PwaHarness;

  beforeAll(async () => {
    harness = await startPwaHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('finds a refused transfer with its refusal in words and its refund, filters, and copies the log', async () => {
    const profile = await harness.openProfile();
    const { page } = profile;
    const file = join(profile.directory, 'bank.json');
    const { savings, checking } = await writeBankWithRefund(file);
    await openApp(page, harness.url('#/settings'));
    await page.getByLabel('Import from a file').setInputFiles(file);
    await page.getByTestId('data-notice').waitFor();

    // From Settings, as a person finds it.
    await page.getByRole('link', { name: 'Request history' }).click();
    await page.getByRole('heading', { name: 'Request history', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Requests, newest first' });
    const rows = list.locator(':scope > li');
    await expect.poll(() => rows.count()).toBe(7);
    const transfer = rows.filter({ hasText: 'Transfer of $20.00 from Savings to Checking' });
    await expect.poll(() => transfer.locator('.badge').textContent()).toContain('Refunded');
    expect(await transfer.textContent()).toContain('Checking is closed. The money went back to Savings.');
    const withdrawal = rows.filter({ hasText: 'Withdrawal of $500.00 from Savings' });
    expect(await withdrawal.textContent()).toContain('Not enough money in Savings: $100.00 available');

    // The list speaks in words: no ids, no jargon.
    const listed = (await list.innerText()).toLowerCase();
    for (const word of ['conflict', 'event', savings.toLowerCase(), checking.toLowerCase()]) {
      expect(listed).not.toContain(word);
    }
    await shootScreens(page, 'inspector');

    // The detail: place, device, balances after, and the events in the technical disclosure.
    await transfer.getByRole('button').click();
    const detail = transfer.locator('.detail');
    await detail.waitFor();
    expect(await detail.innerText()).toContain('No. 5 on this device');
    expect(await detail.innerText()).toContain('This device');
    expect(await detail.innerText()).toMatch(/Balance after\s*Savings: \$100\.00\s*Checking: \$0\.00/u);
    await detail.getByText('Technical details').click();
    const technical = detail.locator('details.technical');
    for (const type of ['SagaRefundRequired', 'AccountDebited', 'AccountRefunded', 'LedgerTransactionAdded']) {
      expect(await technical.innerText()).toContain(type);
    }
    await shootScreens(page, 'inspector-detail');
    // Keyboard: the row closes again from the keyboard.
    await transfer.getByRole('button').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.count()).toBe(0);

    // Filters.
    await page.getByLabel('Status').selectOption('refused');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Account').selectOption(checking);
    await expect.poll(() => rows.count()).toBe(3);

    // The log for a bug report, after the warning, as a file.
    await page.getByRole('button', { name: 'Copy the log for a bug report' }).click();
    await page.getByText('The copy holds every request of this bank in plain text').waitFor();
    await shootScreens(page, 'inspector-report-warning');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save as a file' }).click(),
    ]);
    const saved = join(profile.directory, 'report.json');
    await download.saveAs(saved);
    const report = JSON.parse(readFileSync(saved, 'utf8')) as { order: string; confirmed: { type: string }[] };
    expect(report.order).toBe('device');
    expect(report.confirmed.map((request) => request.type)).toEqual([
      'AccountOpeningRequested',
      'AccountOpeningRequested',
      'DepositRequested',
      'AccountClosingRequested',
      'TransferRequested',
      'WithdrawalRequested',
      'DepositRequested',
    ]);
  });
});
