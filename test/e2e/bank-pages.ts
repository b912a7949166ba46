import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** What a person does in the app, step by step, finding every control by its role and visible name. */

/** Opens an account through the form and returns its id (from the address of the page it lands on). */
export async function openAccount(page: Page, name: string, overdraftLimit = ''): Promise<string> {
  await page.goto(new URL('#/open', page.url()).href);
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (overdraftLimit !== '') await page.getByLabel('Overdraft limit (optional)').fill(overdraftLimit);
  await page.getByRole('button', { name: 'Open account' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  const id = decodeURIComponent(new URL(page.url()).hash.replace('#/accounts/', ''));
  expect(id).not.toBe('');
  return id;
}

/** The kinds of movement, with the button that records each. */
export type Movement =
  | { readonly kind: 'deposit' | 'withdraw'; readonly account: string; readonly amount: string }
  | { readonly kind: 'transfer'; readonly from: string; readonly to: string; readonly amount: string };

const BUTTONS = { deposit: 'Deposit', withdraw: 'Withdraw', transfer: 'Transfer' } as const;

/** Fills and sends the movement form; returns the status row of the request it recorded. */
export async function moveMoney(page: Page, movement: Movement) {
  await page.goto(new URL(`#/move/${movement.kind}`, page.url()).href);
  if (movement.kind === 'transfer') {
    await page.getByLabel('From', { exact: true }).selectOption(movement.from);
    await page.getByLabel('To', { exact: true }).selectOption(movement.to);
  } else {
    await page.getByLabel('Account', { exact: true }).selectOption(movement.account);
  }
  await page.getByLabel('Amount', { exact: true }).fill(movement.amount);
  const rows = page.locator('move-money-view li[data-transaction]');
  const before = await rows.count();
  await page.getByRole('button', { name: BUTTONS[movement.kind], exact: true }).click();
  await expect.poll(() => rows.count()).toBe(before + 1);
  return rows.first();
}

/** The balance shown on an account's card in the account list. */
export async function listedBalance(page: Page, name: string): Promise<string> {
  return (await listedFacts(page, name)).balance;
}

/** An account's card in the account list, found by its name as a screen reader reads it ("Savings, balance …"). */
export function accountCard(page: Page, name: string) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  // The parts of the card are blocks, so the name may have a space before each comma.
  return page.getByRole('link', { name: new RegExp(`^${escaped} ?, (Closed ?, )?balance `, 'u') });
}

/** What an account's card in the account list says: its balance, and what is available (none once closed). */
export async function listedFacts(page: Page, name: string): Promise<{ balance: string; available?: string }> {
  const card = accountCard(page, name);
  const balance = (await card.getByTestId('listed-balance').textContent()) ?? '';
  const available = card.getByTestId('listed-available');
  return (await available.count()) === 0 ? { balance } : { balance, available: (await available.textContent()) ?? '' };
}

/** Goes to the account list and waits for it. */
export async function showAccounts(page: Page): Promise<void> {
  await page.goto(new URL('#/', page.url()).href);
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
}

/** The element that has the focus, found through the app's shadow roots: its tag, id, text and the text of its label. */
export function focusedElement(page: Page): Promise<{ tag: string; id: string; text: string; label: string }> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    const label = (element as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '';
    return {
      tag: element?.tagName ?? '',
      id: element?.id ?? '',
      text: (element?.textContent ?? '').trim(),
      label: label.trim(),
    };
  });
}
