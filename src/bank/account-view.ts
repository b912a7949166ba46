import type { Account } from './account';

/** What the bank shows of an account. Amounts in cents. */
export interface AccountView {
  readonly id: string;
  readonly name: string;
  readonly balance: number;
  readonly overdraftLimit: number;
  readonly isClosed: boolean;
  /** The version of the account's last event: 1 after opening, one more per change. */
  readonly version: number;
}

/** The view of an account as loaded. */
export function accountView(account: Account): AccountView {
  const { name, balance, overdraftLimit, isClosed } = account.state;
  return { id: account.id, name, balance, overdraftLimit, isClosed, version: account.version };
}
