import { InvalidAmountError } from './invalid-amount-error';

/**
 * What a number of cents may be: an `'amount'` of money to move is a safe integer greater than 0; a `'limit'` (an
 * overdraft limit) is a safe integer of 0 or more.
 */
export type CentsKind = 'amount' | 'limit';

/**
 * The largest amount one movement may carry under the second rules and after: 10^13 cents (100 billion in the
 * currency's major unit), far above any sum a person moves, and small enough that a sum of hundreds of balances at
 * their own maximum stays an exact `number` (`Number.MAX_SAFE_INTEGER` is about 9.007 × 10^15, 900 × 10^13 is below
 * it). Requests of the first rules allowed any safe integer; their logs are decided as they were.
 */
export const MAX_AMOUNT = 10_000_000_000_000;

/**
 * The largest balance a credit may leave and the largest overdraft limit, under the second rules and after: 10^13
 * cents, like `MAX_AMOUNT`. A refund is never refused, so a balance may pass this by at most `MAX_AMOUNT` (it gives
 * back what was debited a step before), which is still far below `Number.MAX_SAFE_INTEGER`. Every total is computed
 * exactly anyway (`sumCents`), since a log of the first rules may hold balances up to `Number.MAX_SAFE_INTEGER`.
 */
export const MAX_BALANCE = 10_000_000_000_000;

/**
 * The validating constructor of money: returns `value` as a number of cents if it is one of the given kind, and
 * throws `InvalidAmountError` (with the value as given) for anything else: `NaN`, `±Infinity`, fractions such as
 * `0.5`, integers beyond `Number.MAX_SAFE_INTEGER`, strings (even `"100"`), `null`, `undefined`, boxed numbers,
 * bigints, objects; and 0 or less for an amount, less than 0 for a limit. Money is integer cents end to end: nothing
 * is ever rounded or parsed here.
 */
export function cents(value: unknown, kind: CentsKind = 'amount'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvalidAmountError({ value });
  if (kind === 'amount' ? value <= 0 : value < 0) throw new InvalidAmountError({ value });
  // `-0` is a valid limit of 0; store it as 0 so that no `Object.is` comparison ever tells them apart.
  return value === 0 ? 0 : value;
}

/**
 * `cents`, bounded as the current rules bound money: an amount is at most `MAX_AMOUNT`, a limit at most
 * `MAX_BALANCE`. Throws `InvalidAmountError` beyond them. What `Commands` and `BankAccounts` check up front.
 */
export function boundedCents(value: unknown, kind: CentsKind = 'amount'): number {
  const valid = cents(value, kind);
  if (valid > (kind === 'amount' ? MAX_AMOUNT : MAX_BALANCE)) throw new InvalidAmountError({ value });
  return valid;
}

/**
 * The exact sum of amounts of cents (balances, signed), as a `bigint`: a sum of safe integers can pass
 * `Number.MAX_SAFE_INTEGER`, where adding `number`s would round. Throws `RangeError` for a value that is not a safe
 * integer (it would not be an exact amount to begin with).
 */
export function sumCents(values: readonly number[]): bigint {
  let total = 0n;
  for (const value of values) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not an amount of cents: ${String(value)}`);
    total += BigInt(value);
  }
  return total;
}
