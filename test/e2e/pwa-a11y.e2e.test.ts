import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { memoryPersistence } from '../../src/eventsourcing';
import { exportEventLog } from '../../src/ui';
import { axeViolations, blocking, describeViolations, type AxeViolation } from './axe';
import { moveMoney } from './bank-pages';
import { startHarness, type Harness } from './harness';
import { openApp, startPwaHarness, type PwaHarness } from './pwa-harness';

/** The widths every screen is checked at: a phone held upright, and a desktop window. */
const VIEWPORTS = [
  { device: 'phone', width: 390, height: 844 },
  { device: 'desktop', width: 1280, height: 900 },
] as const;

type Scheme = 'light' | 'dark';

/** Where each run writes every violation it saw, of any impact (kept as test artifacts). */
const REPORT_DIR = join(process.cwd(), 'test-results', 'axe');

/** When set, a folder to write a screenshot of every screen checked to (for people to look at). */
const SHOTS = process.env.A11Y_SHOTS;

/** The ids of the accounts in the full bank, by what they are for. */
interface FullBank {
  readonly everyday: string;
  readonly savings: string;
  readonly closed: string;
}

/**
 * Writes the export file of a bank with several accounts (one with an overdraft, one closed), deposits, withdrawals,
 * transfers, a transfer refused for want of money and one to the closed account (refunded).
 */
async function writeFullBank(path: string): Promise<FullBank> {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
  try {
    const everyday = await system.commands.openAccount({ name: 'Everyday' });
    const savings = await system.commands.openAccount({ name: 'Savings' });
    const holiday = await system.commands.openAccount({ name: 'Holiday fund', overdraftLimit: 20_000 });
    const closed = await system.commands.openAccount({ name: 'Old current account' });
    await system.commands.depositFunds(everyday, 245_000);
    await system.commands.depositFunds(savings, 1_000_000);
    await system.commands.withdrawFunds(everyday, 6_420);
    await system.commands.transferFunds(everyday, holiday, 30_000);
    await system.commands.withdrawFunds(holiday, 42_050);
    await system.commands.depositFunds(closed, 1_000);
    await system.commands.withdrawFunds(closed, 1_000);
    await system.commands.closeAccount(closed);
    await system.commands.transferFunds(savings, closed, 5_000);
    await system.commands.transferFunds(everyday, savings, 99_999_900);
    await system.commands.transferFunds(savings, everyday, 120_000);
    await system.settled();
    writeFileSync(path, JSON.stringify(await exportEventLog(system, 'a11y')));
    return { everyday, savings, closed };
  } finally {
    await system.stop();
  }
}

/** A screen of the app: its address, and what to do there before checking it. */
interface Screen {
  readonly name: string;
  readonly hash: string;
  readonly prepare?: (page: Page) => Promise<void>;
}

function screensOf(bank: FullBank | undefined): Screen[] {
  return [
    { name: 'accounts', hash: '#/' },
    ...(bank === undefined
      ? []
      : [
          { name: 'account', hash: `#/accounts/${bank.everyday}` },
          { name: 'closed-account', hash: `#/accounts/${bank.closed}` },
        ]),
    { name: 'open-account', hash: '#/open' },
    { name: 'deposit', hash: '#/move/deposit' },
    ...(bank === undefined
      ? []
      : [
          {
            // The form's list of what was sent: one deposit that went through, one withdrawal refused.
            name: 'move-status',
            hash: '#/move/deposit',
            prepare: async (page: Page) => {
              for (const movement of [
                { kind: 'deposit', account: bank.everyday, amount: '25' },
                { kind: 'withdraw', account: bank.savings, amount: '1,000,000' },
              ] as const) {
                const row = await moveMoney(page, movement);
                await expect.poll(() => row.locator('.badge').textContent()).not.toBe('Pending');
              }
            },
          },
        ]),
    { name: 'withdraw', hash: '#/move/withdraw' },
    { name: 'transfer', hash: '#/move/transfer' },
    { name: 'activity', hash: '#/activity' },
    { name: 'ledger', hash: '#/ledger' },
    { name: 'settings', hash: '#/settings' },
    { name: 'settings-sync', hash: '#/settings/sync' },
    { name: 'inspector', hash: '#/inspector' },
    ...(bank === undefined
      ? []
      : [
          {
            name: 'inspector-detail',
            hash: '#/inspector',
            prepare: async (page: Page) => {
              const row = page.getByRole('list', { name: 'Requests, newest first' }).locator(':scope > li').first();
              await row.getByRole('button').first().click();
              await row.locator('.detail').waitFor();
            },
          },
        ]),
  ];
}

/** Checks what `page` shows at both widths; returns the blocking violations, each with where it was seen. */
async function checkAtBothWidths(page: Page, label: string, all: AxeViolation[]) {
  const found: { where: string; violation: AxeViolation }[] = [];
  for (const { device, width, height } of VIEWPORTS) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    await page.waitForTimeout(100);
    if (SHOTS !== undefined) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${label}-${device}.png`), fullPage: true });
    }
    const violations = await axeViolations(page);
    all.push(...violations);
    for (const violation of blocking(violations)) found.push({ where: `${label} at ${width}px`, violation });
  }
  return found;
}

/** Counts of violations by rule and impact, for the report file. */
function countByRule(violations: readonly AxeViolation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { rule, impact } of violations) {
    const key = `${rule} (${impact ?? 'no impact'})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('PWA › accessibility of every screen (axe-core)', () => {
  let harness: PwaHarness;

  beforeAll(async () => {
    harness = await startPwaHarness();
    mkdirSync(REPORT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await harness.close();
  });

  for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
    for (const filled of [false, true]) {
      const label = `${filled ? 'full' : 'empty'}-${scheme}`;
      it(`${filled ? 'a full' : 'an empty'} bank in the ${scheme} scheme: no serious or critical violation on any screen at phone and desktop width`, async () => {
        const profile = await harness.openProfile({ colorScheme: scheme });
        const { page } = profile;
        let bank: FullBank | undefined;
        if (filled) {
          const file = join(profile.directory, 'bank.json');
          bank = await writeFullBank(file);
          await openApp(page, harness.url('#/settings'));
          await page.getByLabel('Import from a file').setInputFiles(file);
          await page.getByTestId('data-notice').waitFor();
        } else {
          await openApp(page, harness.url());
        }

        const all: AxeViolation[] = [];
        const found: { where: string; violation: AxeViolation }[] = [];
        for (const screen of screensOf(bank)) {
          await page.goto(harness.url(screen.hash));
          await page.locator('main h1').first().waitFor();
          await page.waitForTimeout(250);
          await screen.prepare?.(page);
          found.push(...(await checkAtBothWidths(page, `${label}-${screen.name}`, all)));
        }
        writeFileSync(
          join(REPORT_DIR, `${label}.json`),
          JSON.stringify({ byRule: countByRule(all), violations: all }, undefined, 2),
        );
        expect(found.length, `serious or critical violations:\n${describeViolations(found)}`).toBe(0);
      }, 300_000);
    }
  }

  for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
    it(`the full-page explanation of storage that cannot be used, in the ${scheme} scheme: no serious or critical violation`, async () => {
      const { context, page } = await harness.openProfile({ colorScheme: scheme });
      await context.addInitScript(() => {
        Object.defineProperty(window, 'indexedDB', { value: undefined });
      });
      await page.goto(harness.url());
      await page.getByRole('heading', { name: 'This browser won’t let the bank store anything' }).waitFor();
      const all: AxeViolation[] = [];
      const found = await checkAtBothWidths(page, `storage-unavailable-${scheme}`, all);
      writeFileSync(
        join(REPORT_DIR, `storage-unavailable-${scheme}.json`),
        JSON.stringify({ byRule: countByRule(all), violations: all }, undefined, 2),
      );
      expect(found.length, `serious or critical violations:\n${describeViolations(found)}`).toBe(0);
    }, 120_000);
  }
});

/**
 * The screens that only a device that syncs shows (the sync state in the header, Settings → Sync with its status,
 * the recovery code, sync stopped with the reason on every screen), with the stand-in for the sync client of
 * `test/fixtures/fake-bank-sync.ts` (`pages/app.html`).
 */
describe('PWA › accessibility of the screens of a device that syncs (axe-core)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    mkdirSync(REPORT_DIR, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await harness.close();
  });

  it('no serious or critical violation with sync on, waiting, and stopped, in both schemes at both widths', async () => {
    const page = await harness.context.newPage();
    const app = harness.url(`/test/e2e/pages/app.html?prefix=a11y-sync-${Date.now().toString(36)}`);
    const show = async (hash: string) => {
      await page.goto(`${app}${hash}`);
      await page.locator('main h1').first().waitFor({ timeout: 90_000 });
      await page.waitForTimeout(250);
    };
    await show('#/settings/sync');
    await page.getByLabel('Server address').fill('https://bank.example.org');
    await page.getByLabel('Vault token').fill('vault-1.secret');
    await page.getByRole('button', { name: 'Turn on sync' }).click();
    await expect.poll(() => page.getByTestId('sync-notice').textContent()).toContain('Sync is on.');
    await show('#/open');
    await page.getByLabel('Name', { exact: true }).fill('Savings');
    await page.getByRole('button', { name: 'Open account' }).click();
    await page.getByText('This account is opened once this device syncs.').waitFor();

    const all: AxeViolation[] = [];
    const found: { where: string; violation: AxeViolation }[] = [];
    const check = async (name: string, prepare?: () => Promise<void>) => {
      for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
        await page.emulateMedia({ colorScheme: scheme });
        await prepare?.();
        found.push(...(await checkAtBothWidths(page, `sync-${scheme}-${name}`, all)));
      }
    };
    await check('accounts-waiting', () => show('#/'));
    await check('settings-sync-waiting', () => show('#/settings/sync'));
    await page.evaluate(() => window.fakeSync?.syncNow());
    await check('settings-sync-on', async () => {
      await show('#/settings/sync');
      const reveal = page.getByRole('button', { name: 'Show recovery code' });
      if ((await reveal.count()) > 0) await reveal.click();
      await page.getByTestId('recovery-code').waitFor();
    });
    await page.evaluate(() => window.fakeSync?.stopWith('log-integrity', 'chain link mismatch at seq 3'));
    await check('accounts-sync-stopped', async () => {
      await show('#/');
      await page.getByTestId('sync-problem').waitFor();
    });
    await check('settings-sync-stopped', async () => {
      await show('#/settings/sync');
      await page.getByTestId('sync-error').waitFor();
    });
    writeFileSync(
      join(REPORT_DIR, 'sync.json'),
      JSON.stringify({ byRule: countByRule(all), violations: all }, undefined, 2),
    );
    expect(found.length, `serious or critical violations:\n${describeViolations(found)}`).toBe(0);
  }, 300_000);
});
