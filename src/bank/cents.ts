import { InvalidAmountError } from './invalid-amount-error';

/**
 * What a number of cents may be: an `'amount'` of money to move is a safe integer greater than 0; a `'limit'` (an
 * overdraft limit) is a safe integer of 0 or more.
 */
export type CentsKind = 'amount' | 'limit';

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
