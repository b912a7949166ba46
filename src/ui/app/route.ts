import * as z from 'zod/mini';

/** The kinds of money movement, as they appear in addresses and on buttons. */
export type MoveKind = 'deposit' | 'withdraw' | 'transfer';

/** A screen of the app and what it shows, read from the address's hash (`#/accounts/<id>`). */
export type Route =
  | { readonly screen: 'accounts' }
  | { readonly screen: 'open' }
  | { readonly screen: 'account'; readonly accountId: string }
  | { readonly screen: 'move'; readonly kind: MoveKind; readonly accountId?: string }
  | { readonly screen: 'activity' }
  | { readonly screen: 'ledger' }
  | { readonly screen: 'inspector' }
  | { readonly screen: 'settings'; readonly section?: 'sync' };

/** An account id as it may appear in an address: outside input, so checked before it reaches the bank. */
const accountIdSchema = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[\w-]+$/u));
const moveKindSchema = z.enum(['deposit', 'withdraw', 'transfer']);

/** Reads a route from a location hash; anything unknown or malformed is the account list. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/u, '').split('?');
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(safeDecode);
  const [first, second] = segments;
  switch (first) {
    case 'open':
      return { screen: 'open' };
    case 'accounts': {
      const accountId = accountIdSchema.safeParse(second);
      return accountId.success ? { screen: 'account', accountId: accountId.data } : { screen: 'accounts' };
    }
    case 'move': {
      const kind = moveKindSchema.safeParse(second);
      if (!kind.success) return { screen: 'move', kind: 'deposit' };
      const accountId = accountIdSchema.safeParse(new URLSearchParams(query).get('account') ?? undefined);
      return accountId.success
        ? { screen: 'move', kind: kind.data, accountId: accountId.data }
        : { screen: 'move', kind: kind.data };
    }
    case 'settings':
      return second === 'sync' ? { screen: 'settings', section: 'sync' } : { screen: 'settings' };
    case 'activity':
    case 'ledger':
    case 'inspector':
      return { screen: first };
    default:
      return { screen: 'accounts' };
  }
}

/** The hash that leads to a route. */
export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'accounts':
      return '#/';
    case 'account':
      return `#/accounts/${encodeURIComponent(route.accountId)}`;
    case 'move':
      return `#/move/${route.kind}${route.accountId === undefined ? '' : `?account=${encodeURIComponent(route.accountId)}`}`;
    case 'settings':
      return route.section === undefined ? '#/settings' : `#/settings/${route.section}`;
    default:
      return `#/${route.screen}`;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
