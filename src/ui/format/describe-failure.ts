import { isBankError } from '../../bank';
import { describeBankError } from './describe-bank-error';
import { isStorageFailure } from './is-storage-failure';
import type { MoneyFormat } from './money-format';

/** Any failure of an action, in words to show next to the form that asked for it. */
export function describeFailure(
  error: unknown,
  format: MoneyFormat,
  nameOf: (accountId: string) => string = () => 'the account',
): string {
  if (isBankError(error)) return describeBankError(error, nameOf, format);
  if (isStorageFailure(error)) {
    return error.reason === 'quota'
      ? 'This device has no room left to store that. Nothing was changed.'
      : 'The bank could not reach its storage on this device. Nothing was changed.';
  }
  return 'Something went wrong, and nothing was changed. Please try again.';
}
