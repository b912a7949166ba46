import type { AccountView } from '../../bank';

/** How an account is named on screen: its name, or a stand-in for an unnamed or unknown one. */
export function accountName(account: AccountView | undefined): string {
  if (account === undefined) return 'an unknown account';
  return isVisibleName(account.name) ? account.name : 'Unnamed account';
}

/** Whether a name shows something: not empty, and not only spaces or invisible characters (such as U+200B). */
export function isVisibleName(name: string): boolean {
  return /[^\s\p{Cf}\p{Z}]/u.test(name);
}

/** A lookup from account id to screen name, over a list of accounts. */
export function accountNamer(accounts: readonly AccountView[] | undefined): (accountId: string) => string {
  const byId = new Map((accounts ?? []).map((account) => [account.id, account]));
  return (accountId) => accountName(byId.get(accountId));
}
