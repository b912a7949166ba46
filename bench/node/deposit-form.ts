// The move-money screen of the built app, as the browser benchmarks use it: a deposit into the first account, timed
// in the page from the click on "Deposit" to the new balance in the DOM.
import type { ElementHandle, Page } from 'playwright-core';

/** Opens the deposit form with the first account chosen; resolves with its "Deposit" button. */
export async function openDepositForm(page: Page): Promise<ElementHandle> {
  await page.goto(page.url().replace(/#.*$/, '#/move/deposit'));
  const account = page.getByLabel('Account', { exact: true });
  const accountId = await account.locator('option').nth(1).getAttribute('value');
  await account.selectOption(accountId ?? '');
  const button = await page.getByRole('button', { name: 'Deposit', exact: true }).elementHandle();
  if (button === null) throw new Error('no Deposit button');
  return button;
}

/**
 * Deposits 1.00 with `button`: the milliseconds, timed in the page (so that Playwright's round trips are not
 * counted), from the click to the new balance in the account's option (a MutationObserver). With `recording`, the
 * page's timeline (`recordTimelines`) is emptied and switched on at the click, its times counted from the same
 * moment.
 */
export async function depositToBalance(page: Page, button: ElementHandle, recording: boolean): Promise<number> {
  await page.getByLabel('Amount', { exact: true }).fill('1.00');
  return button.evaluate(
    (element, record) =>
      new Promise<number>((resolve, reject) => {
        // No named functions in here: tsx (esbuild keepNames) would wrap them in a `__name` the page lacks.
        const root = document.querySelector('bank-app')?.shadowRoot?.querySelector('move-money-view')?.shadowRoot;
        if (root === null || root === undefined) return reject(new Error('no move-money-view'));
        const before = root.querySelector<HTMLSelectElement>('#from')?.selectedOptions[0]?.textContent;
        const observer = new MutationObserver(() => {
          if (root.querySelector<HTMLSelectElement>('#from')?.selectedOptions[0]?.textContent === before) return;
          observer.disconnect();
          clearTimeout(timeout);
          resolve(performance.now() - started);
        });
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error('the balance did not change within 10 s'));
        }, 10_000);
        observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
        const started = performance.now();
        if (record) {
          const timeline = (window as unknown as { __timeline: { on: boolean; started: number; entries: unknown[] } })
            .__timeline;
          timeline.entries = [];
          timeline.on = true;
          timeline.started = started;
        }
        (element as HTMLButtonElement).click();
      }),
    recording,
  );
}
