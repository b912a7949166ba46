import type { Route } from './route';

/** What a screen is called, in the words of its heading: the start of the page's title. */
export function screenTitle(route: Route): string {
  switch (route.screen) {
    case 'accounts':
      return 'Accounts';
    case 'open':
      return 'Open an account';
    case 'account':
      // The account page puts the account's name in front once it knows it.
      return 'Account';
    case 'move':
      return `${route.kind === 'deposit' ? 'Deposit' : route.kind === 'withdraw' ? 'Withdraw' : 'Transfer'} · Move money`;
    case 'activity':
      return 'Activity';
    case 'ledger':
      return 'Ledger';
    case 'inspector':
      return 'Request history';
    case 'settings':
      return route.section === 'sync' ? 'Sync · Settings' : 'Settings';
  }
}

/** The title of the page (its tab, its history entry, what a screen reader announces on arrival). */
export function pageTitle(screen: string): string {
  return `${screen} · Offline Bank`;
}
