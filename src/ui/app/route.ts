import * as z from 'zod/mini';

/** The kinds of money movement, as they appear in addresses and on buttons. */
export type MoveKind = 'deposit' | 'withdraw' | 'transfer';

/** A screen of the app and what it shows, read from the address's hash (`#/accounts/<id>`). */
export type Route =
  | { readonly screen: 'accounts' }
  | { readonly screen: 'open' }
  | { readonly screen: 'account'; readonly accountId: string; readonly query?: string }
  | { readonly screen: 'move'; readonly kind: MoveKind; readonly accountId?: string }
  | { readonly screen: 'activity'; readonly query?: string }
  | { readonly screen: 'ledger' }
  | { readonly screen: 'inspector' }
  | { readonly screen: 'settings'; readonly section?: 'sync' };

/** An account id as it may appear in an address: outside input, so checked before it reaches the bank. */
const accountIdSchema = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[\w-]+$/u));
const moveKindSchema = z.enum(['deposit', 'withdraw', 'transfer']);

/** Reads a route from a location hash; anything unknown or malformed is the account list. */
export function parseRoute(hash: string): Route {
  const [path = '', rawQuery = ''] = hash.replace(/^#/u, '').split('?');
  // Longer than any search a person types: cut, so that a crafted address cannot make every screen work on it.
  const query = rawQuery.slice(0, 2000);
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
      if (!accountId.success) return { screen: 'accounts' };
      return query === ''
        ? { screen: 'account', accountId: accountId.data }
        : { screen: 'account', accountId: accountId.data, query };
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
      // The search the screen shows, as its query (read by the screen, see state/movement-filters.ts).
      return query === '' ? { screen: 'activity' } : { screen: 'activity', query };
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
      return `#/accounts/${encodeURIComponent(route.accountId)}${withQuery(route.query)}`;
    case 'move':
      return `#/move/${route.kind}${route.accountId === undefined ? '' : `?account=${encodeURIComponent(route.accountId)}`}`;
    case 'activity':
      return `#/activity${withQuery(route.query)}`;
    case 'settings':
      return route.section === undefined ? '#/settings' : `#/settings/${route.section}`;
    default:
      return `#/${route.screen}`;
  }
}

function withQuery(query: string | undefined): string {
  return query === undefined || query === '' ? '' : `?${query}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
