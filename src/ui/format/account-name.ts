import type { AccountView } from '../../bank';

/** How an account is named on screen: its name, or a stand-in for an unnamed or unknown one. */
export function accountName(account: AccountView | undefined): string {
  if (account === undefined) return 'an unknown account';
  return account.name.trim() === '' ? 'Unnamed account' : account.name;
}

/** A lookup from account id to screen name, over a list of accounts. */
export function accountNamer(accounts: readonly AccountView[] | undefined): (accountId: string) => string {
  const byId = new Map((accounts ?? []).map((account) => [account.id, account]));
  return (accountId) => accountName(byId.get(accountId));
}
