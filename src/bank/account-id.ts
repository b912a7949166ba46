import { AccountNotFoundError } from './account-not-found-error';
import { describeValue } from './describe-value';

/**
 * Checks an account id given at the public API. Any string may be looked up (a lookup of a malformed one simply finds
 * nothing); a value that is not a string cannot name an account, so it gives `AccountNotFoundError` at once, with the
 * value's description as `accountId`, as the public API does for every id that names no account, whatever its format.
 */
export function accountId(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new AccountNotFoundError({ accountId: describeValue(value) });
}
