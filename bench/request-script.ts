import type { Commands } from '../src/bank';

/** How many accounts the script opens before moving money between them. */
export const SCRIPT_ACCOUNTS = 20;

/** What a recorded script adds up to, for checking what a device derived from it. */
export interface ScriptTotals {
  /** The ids of the accounts opened, in order. */
  readonly accounts: readonly string[];
  /** Cents deposited in all: the ledger's balance once every request is derived (transfers move, never add). */
  readonly deposited: number;
}

/**
 * Records `count` requests of a person's bank through `commands`, as the app makes them: `SCRIPT_ACCOUNTS` account
 * openings, then deposits and transfers between those accounts in turn (every transfer funded by the deposits
 * before it). Requests are recorded 500 at a time, as a burst of clicks would be (`Commands` groups them into few
 * transactions, in the order they were made). The same script on any device gives the same kinds, amounts and order.
 */
export async function recordRequests(commands: Commands, count: number): Promise<ScriptTotals> {
  const accounts: string[] = [];
  for (let index = 0; index < Math.min(SCRIPT_ACCOUNTS, count); index++) {
    accounts.push(await commands.openAccount({ name: `Account ${index + 1}` }));
  }
  let deposited = 0;
  for (let start = accounts.length; start < count; start += BURST) {
    const burst: Promise<string>[] = [];
    for (let index = start; index < Math.min(count, start + BURST); index++) {
      // Each pair is a deposit into an account and then a transfer out of it, so every transfer is funded.
      const pair = index >> 1;
      const account = accounts[pair % accounts.length] ?? '';
      if (index % 2 === 0) {
        const amount = 5_000 + (index % 1_000);
        deposited += amount;
        burst.push(commands.depositFunds(account, amount));
      } else {
        const to = accounts[(pair + 7) % accounts.length] ?? '';
        burst.push(commands.transferFunds(account, to, 1_000 + (index % 500)));
      }
    }
    await Promise.all(burst);
  }
  return { accounts, deposited };
}

const BURST = 500;
