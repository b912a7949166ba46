import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/** Two tabs of one browser profile on the same IndexedDB: one leads the followers, both record commands. */
describe('Bank system › two tabs in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  const openTab = async (prefix: string): Promise<Page> => {
    const page = await harness.context.newPage();
    await page.goto(harness.url(`/test/e2e/pages/bank.html?prefix=${prefix}`));
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Ready');
    return page;
  };
  const isLeader = (page: Page) => page.evaluate(() => window.bank.isLeader());

  it('runs the followers in exactly one tab, hands over when it closes, and completes every command once', async () => {
    const prefix = `tabs-${Date.now()}`;
    const first = await openTab(prefix);
    const second = await openTab(prefix);
    await first.waitForFunction(() => window.bank.isLeader());
    expect([await isLeader(first), await isLeader(second)]).toEqual([true, false]);

    const alice = await first.evaluate(() => window.bank.accounts.openAccount({ name: 'Alice' }));
    const fromFirst = await first.evaluate(
      (id) => Promise.all([1, 2, 3].map((n) => window.bank.commands.depositFunds(id, n * 100))),
      alice,
    );
    const fromSecond = await second.evaluate(
      (id) => Promise.all([4, 5].map((n) => window.bank.commands.depositFunds(id, n * 100))),
      alice,
    );
    await second.evaluate(() => window.bank.settled());
    expect(await second.evaluate((id) => window.bank.accounts.getBalance(id), alice)).toBe(1500);

    // The leader tab goes away: the other takes over within a few seconds.
    await first.close();
    const handover = Date.now();
    await second.waitForFunction(() => window.bank.isLeader(), undefined, { timeout: 5000 });
    expect(Date.now() - handover).toBeLessThan(5000);

    const later = await second.evaluate((id) => window.bank.commands.withdrawFunds(id, 500), alice);
    await second.evaluate(() => window.bank.settled());
    const sagas = await second.evaluate(() => window.bank.sagas.listSagas());
    expect(sagas.map((saga) => saga.id).sort()).toEqual([...fromFirst, ...fromSecond, later].sort());
    expect(sagas.every((saga) => saga.status === 'succeeded')).toBe(true);
    expect(await second.evaluate((id) => window.bank.accounts.getBalance(id), alice)).toBe(1000);
    expect(await second.evaluate(() => window.bank.ledger.getBalance())).toBe(1000);
    expect(await second.evaluate(() => window.bank.ledger.getTransactionCount())).toBe(6);
    await second.close();
  });
});
