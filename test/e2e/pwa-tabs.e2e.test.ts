import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCard, listedBalance, moveMoney, openAccount, showAccounts } from './bank-pages';
import { openApp, startPwaHarness, type PwaHarness } from './pwa-harness';

/** Two tabs of one profile: what one does shows in the other at once, without a reload. */
describe('PWA › two tabs', () => {
  let harness: PwaHarness;

  beforeAll(async () => {
    harness = await startPwaHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('shows an account opened and money moved in one tab in the other without a reload', async () => {
    const { context, page: first } = await harness.openProfile();
    await openApp(first, harness.url());
    const second = await context.newPage();
    await openApp(second, harness.url());
    const loads = { count: 0 };
    second.on('load', () => loads.count++);

    const savings = await openAccount(first, 'Savings');
    await expect.poll(() => listedBalance(second, 'Savings')).toBe('$0.00');

    await accountCard(second, 'Savings').click();
    await second.getByRole('heading', { name: 'Savings', level: 1 }).waitFor();
    const deposit = await moveMoney(first, { kind: 'deposit', account: savings, amount: '321.09' });
    await expect.poll(() => deposit.locator('.badge').textContent()).toBe('Done');
    await expect.poll(() => second.getByTestId('account-balance').textContent()).toContain('$321.09');
    const history = second.getByRole('list', { name: 'History, newest first' }).getByRole('listitem');
    await expect.poll(() => history.count()).toBe(2);

    // And the other way round: the second tab moves money, the first sees it.
    await showAccounts(first);
    const withdrawal = await moveMoney(second, { kind: 'withdraw', account: savings, amount: '21.09' });
    await expect.poll(() => withdrawal.locator('.badge').textContent()).toBe('Done');
    await expect.poll(() => first.getByTestId('bank-total').textContent()).toBe('$300.00');
    expect(loads.count).toBe(0);
  });
});
