import { BankError } from './bank-error';
import { describeValue } from './describe-value';

/**
 * Raised when an amount or a limit is not a safe integer number of cents, when an amount to move is 0 or less, when a
 * limit is below 0, or when a credit would take a balance beyond `Number.MAX_SAFE_INTEGER` (where it could no longer
 * be exact). Nothing was stored. The caller asks for a valid amount.
 */
export class InvalidAmountError extends BankError {
  override readonly name = 'InvalidAmountError';
  readonly code = 'invalid-amount';
  /** The value refused, exactly as it was given (it may be anything: `NaN`, a string, `undefined`). */
  readonly value: unknown;

  constructor(options: { value: unknown }) {
    super(`Not a valid amount of cents: ${describeValue(options.value)}`);
    this.value = options.value;
  }
}
