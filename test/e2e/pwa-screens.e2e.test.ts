import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveMoney, openAccount } from './bank-pages';
import { openApp, shootScreens, startPwaHarness, type PwaHarness } from './pwa-harness';

/** Every screen at phone and desktop width, written to test-results/screenshots/ for people to look at. */
describe('PWA › screenshots of every screen', () => {
  let harness: PwaHarness;

  beforeAll(async () => {
    harness = await startPwaHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('writes each screen at 320×640, 390×844 and 1280×800, light and dark', async () => {
    const { page } = await harness.openProfile();
    await openApp(page, harness.url());
    await shoot(page, 'accounts-empty');
    const everyday = await openAccount(page, 'Everyday');
    const savings = await openAccount(page, 'Savings');
    const holiday = await openAccount(page, 'Holiday fund', '200');
    for (const movement of [
      { kind: 'deposit', account: everyday, amount: '2,450.00' },
      { kind: 'deposit', account: savings, amount: '10,000' },
      { kind: 'withdraw', account: everyday, amount: '64.20' },
      { kind: 'transfer', from: everyday, to: holiday, amount: '300' },
      { kind: 'withdraw', account: holiday, amount: '420.50' },
      { kind: 'withdraw', account: everyday, amount: '99,999' },
      { kind: 'transfer', from: savings, to: everyday, amount: '1,200' },
    ] as const) {
      const row = await moveMoney(page, movement);
      await expect.poll(() => row.locator('.badge').textContent()).not.toBe('Pending');
    }
    await shoot(page, 'move-status');

    const screens: readonly (readonly [string, string])[] = [
      ['accounts', '#/'],
      ['open-account', '#/open'],
      ['account', `#/accounts/${everyday}`],
      ['account-overdrawn', `#/accounts/${holiday}`],
      ['deposit', `#/move/deposit?account=${everyday}`],
      ['transfer', '#/move/transfer'],
      ['activity', '#/activity'],
      ['ledger', '#/ledger'],
      ['settings', '#/settings'],
      ['inspector', '#/inspector'],
    ];
    for (const [name, hash] of screens) {
      await page.goto(harness.url(hash));
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(150);
      await shoot(page, name);
    }

    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, hash] of screens) {
      await page.goto(harness.url(hash));
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(150);
      await shoot(page, `dark-${name}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a full-page explanation when IndexedDB is unavailable', async () => {
    const { context, page } = await harness.openProfile();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined });
    });
    await page.goto(harness.url());
    await page.getByRole('heading', { name: 'This browser won’t let the bank store anything' }).waitFor();
    await shoot(page, 'storage-unavailable');
  });

  it('shows a full-page explanation when the disk is full, and the write stored nothing', async () => {
    const { context, page } = await harness.openProfile();
    // A full disk on demand: IndexedDB refuses every write with the browser's own QuotaExceededError.
    await context.addInitScript(() => {
      for (const method of ['add', 'put'] as const) {
        // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply, on the store
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
          if ((globalThis as { diskFull?: boolean }).diskFull === true) {
            throw new DOMException('The disk is full.', 'QuotaExceededError');
          }
          return original.apply(this, args);
        };
      }
    });
    await openApp(page, harness.url());
    const alice = await openAccount(page, 'Alice');
    await page.evaluate(() => {
      (globalThis as { diskFull?: boolean }).diskFull = true;
    });
    await page.goto(harness.url(`#/move/deposit?account=${alice}`));
    await page.getByLabel('Amount', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Deposit', exact: true }).click();
    await page.getByRole('heading', { name: 'This device is out of space for your bank' }).waitFor();
    await shoot(page, 'storage-full');

    await page.evaluate(() => {
      (globalThis as { diskFull?: boolean }).diskFull = false;
    });
    await page.reload();
    await page.goto(harness.url('#/activity'));
    await page.getByText('Nothing yet.', { exact: false }).waitFor();
    await page.goto(harness.url('#/'));
    await expect.poll(() => page.getByTestId('bank-total').textContent()).toBe('$0.00');
  });
});

const shoot = shootScreens;
