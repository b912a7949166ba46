import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCard, focusedElement, moveMoney, openAccount } from './bank-pages';
import { openApp, startPwaHarness, type PwaHarness } from './pwa-harness';

/**
 * What helps a person find their way: the page's title, the skip link, where the focus lands, and a layout that
 * holds at every width (one-line header, nav labels apart, balances lined up, management before a long history).
 */
describe('PWA › layout and navigation aids', () => {
  let harness: PwaHarness;

  beforeAll(async () => {
    harness = await startPwaHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('names the page after its screen, and after the account an account page shows', async () => {
    const { page } = await harness.openProfile();
    await openApp(page, harness.url());
    await expect.poll(() => page.title()).toBe('Accounts · Offline Bank');
    const everyday = await openAccount(page, 'Everyday');
    await expect.poll(() => page.title()).toBe('Everyday · Offline Bank');
    await page.goto(harness.url(`#/move/withdraw?account=${everyday}`));
    await expect.poll(() => page.title()).toBe('Withdraw · Move money · Offline Bank');
    await page.goto(harness.url('#/ledger'));
    await expect.poll(() => page.title()).toBe('Ledger · Offline Bank');
  });

  it('has a skip link that moves the focus to the screen and leaves the address alone', async () => {
    const { page } = await harness.openProfile();
    await openApp(page, harness.url('#/ledger'));
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'A', text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect((await focusedElement(page)).tag).toBe('MAIN');
    expect(new URL(page.url()).hash).toBe('#/ledger');
  });

  it('puts the focus on the first empty field of a form when its screen opens', async () => {
    const { page } = await harness.openProfile();
    await openApp(page, harness.url());
    await page.getByRole('link', { name: 'New account' }).first().click();
    await page.getByRole('heading', { name: 'Open an account' }).waitFor();
    await expect.poll(() => focusedElement(page).then(({ label }) => label)).toBe('Name');
    const everyday = await openAccount(page, 'Everyday');
    await page.getByRole('link', { name: 'Deposit', exact: true }).click();
    await page.getByRole('heading', { name: 'Move money' }).waitFor();
    // The link chose the account: the amount is the first field left to fill.
    await expect.poll(() => focusedElement(page).then(({ label }) => label)).toBe('Amount');
    expect(new URL(page.url()).hash).toBe(`#/move/deposit?account=${everyday}`);
    await page.goto(harness.url('#/'));
    await page.getByRole('link', { name: 'Transfer', exact: true }).click();
    await expect.poll(() => focusedElement(page).then(({ label }) => label)).toBe('From');
  });

  it('keeps the header on one line and the navigation labels apart on a 320 px phone', async () => {
    const { page } = await harness.openProfile({ width: 320, height: 640 });
    await openApp(page, harness.url());
    const layout = await page.evaluate(() => {
      const root = document.querySelector('bank-app')?.shadowRoot;
      const header = root?.querySelector('header')?.getBoundingClientRect();
      const labels = [...(root?.querySelectorAll('nav.sections a') ?? [])].map((link) => {
        const box = link.querySelector('span')?.getBoundingClientRect();
        return { left: box?.left ?? 0, right: box?.right ?? 0 };
      });
      return { headerHeight: header?.height ?? 0, labels, scrollWidth: document.documentElement.scrollWidth };
    });
    // One line of the bar (a 2.25 rem button and its padding), not two.
    expect(layout.headerHeight).toBeLessThanOrEqual(60);
    expect(layout.labels).toHaveLength(5);
    for (let index = 1; index < layout.labels.length; index++) {
      expect(layout.labels[index]?.left).toBeGreaterThanOrEqual(layout.labels[index - 1]?.right ?? Infinity);
    }
    expect(layout.scrollWidth).toBeLessThanOrEqual(320);
    // The logo alone stays, and it still says where it leads.
    await page.getByRole('link', { name: 'Offline Bank' }).waitFor();
  });

  it('lines up the balances of the cards in a row, whatever the length of a name', async () => {
    const { page } = await harness.openProfile({ width: 1280, height: 800 });
    await openApp(page, harness.url());
    const long = 'Holiday fund for the summer by the sea with the whole family';
    await openAccount(page, 'Everyday');
    await openAccount(page, long);
    await page.goto(harness.url('#/'));
    const everyday = await accountCard(page, 'Everyday').getByTestId('listed-balance').boundingBox();
    const holiday = await accountCard(page, long).getByTestId('listed-balance').boundingBox();
    const name = await accountCard(page, long).locator('.name').boundingBox();
    // The long name takes two lines (so it would push its balance down) and the cards share a row.
    expect(name?.height).toBeGreaterThan(40);
    expect(holiday?.x).toBeGreaterThan((everyday?.x ?? 0) + 100);
    expect(holiday?.y).toBe(everyday?.y);
  });

  it('puts an account’s management before its history on a phone, and beside it on a wide screen', async () => {
    const { page } = await harness.openProfile({ width: 390, height: 844 });
    await openApp(page, harness.url());
    const everyday = await openAccount(page, 'Everyday');
    for (let index = 0; index < 3; index++) {
      const row = await moveMoney(page, { kind: 'deposit', account: everyday, amount: '10' });
      await expect.poll(() => row.locator('.badge').textContent()).toBe('Done');
    }
    await page.goto(harness.url(`#/accounts/${everyday}`));
    const manage = page.getByRole('heading', { name: 'Manage' });
    const history = page.getByRole('heading', { name: 'History' });
    await history.waitFor();
    expect((await manage.boundingBox())?.y).toBeLessThan((await history.boundingBox())?.y ?? 0);
    await page.setViewportSize({ width: 1280, height: 800 });
    const chart = page.getByRole('heading', { name: 'Balance over time' });
    await expect.poll(async () => (await manage.boundingBox())?.y).toBe((await chart.boundingBox())?.y);
    expect((await manage.boundingBox())?.x).toBeGreaterThan((await history.boundingBox())?.x ?? Infinity);
  });

  it('says what each ledger line was, with its note and its day, also on a phone', async () => {
    const { page } = await harness.openProfile({ width: 390, height: 844 });
    await openApp(page, harness.url());
    const everyday = await openAccount(page, 'Everyday');
    const savings = await openAccount(page, 'Savings');
    await page.goto(harness.url(`#/move/deposit?account=${everyday}`));
    await page.getByLabel('Amount', { exact: true }).fill('80');
    await page.getByLabel('Note (optional)').fill('Birthday money');
    await page.getByRole('button', { name: 'Deposit', exact: true }).click();
    const row = await moveMoney(page, { kind: 'transfer', from: everyday, to: savings, amount: '30' });
    await expect.poll(() => row.locator('.badge').textContent()).toBe('Done');
    await page.goto(harness.url('#/ledger'));
    const descriptions = page.getByTestId('ledger-description');
    await expect
      .poll(() => descriptions.allTextContents())
      .toEqual(['Transfer from Everyday', 'Transfer to Savings', 'Deposit · Birthday money']);
    await expect.poll(() => page.getByTestId('ledger-count').textContent()).toContain('3');
    const day = page.locator('ledger-view td .when-inline').first();
    expect(await day.isVisible()).toBe(true);
    expect(await day.textContent()).toMatch(/\d{4}/u);
  });

  it('says by how much an account is past its limit instead of a negative amount available', async () => {
    const { page } = await harness.openProfile();
    await openApp(page, harness.url());
    const card = await openAccount(page, 'Card', '200');
    const row = await moveMoney(page, { kind: 'withdraw', account: card, amount: '150' });
    await expect.poll(() => row.locator('.badge').textContent()).toBe('Done');
    await page.goto(harness.url(`#/accounts/${card}`));
    await page.getByLabel('Overdraft limit', { exact: true }).fill('100');
    await page.getByRole('button', { name: 'Set limit' }).click();
    await expect.poll(() => page.getByTestId('account-overdraft').textContent()).toBe('$100.00');
    await expect.poll(() => page.getByTestId('account-available').textContent()).toBe('$50.00');
    expect(await page.locator('account-page dt', { hasText: 'Over its limit by' }).count()).toBe(1);
    await page.goto(harness.url('#/'));
    await expect.poll(() => accountCard(page, 'Card').getByTestId('listed-available').textContent()).toBe('$50.00');
    expect(await accountCard(page, 'Card').textContent()).toContain('Over its limit by');
  });
});
