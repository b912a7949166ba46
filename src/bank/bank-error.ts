/**
 * The base of every error the bank raises. Each subclass has a literal `name`, a stable `code` and its facts as
 * readonly fields, with a message built from them: callers branch on the class or on `code`, never on message text.
 * To store an error or send it across `postMessage`, turn it into plain data with `toErrorData` and back with
 * `fromErrorData` (structured clone keeps neither the class nor the fields of an `Error`).
 */
export abstract class BankError extends Error {
  abstract override readonly name: BankErrorName;
  abstract readonly code: BankErrorCode;
}

/** The stable codes of the bank's errors, one per class. */
export type BankErrorCode =
  | 'invalid-amount'
  | 'account-not-found'
  | 'account-closed'
  | 'insufficient-funds'
  | 'same-account-transfer'
  | 'invalid-request'
  | 'account-not-empty'
  | 'balance-limit';

/** The literal names of the bank's error classes. */
export type BankErrorName =
  | 'InvalidAmountError'
  | 'AccountNotFoundError'
  | 'AccountClosedError'
  | 'InsufficientFundsError'
  | 'SameAccountTransferError'
  | 'InvalidRequestError'
  | 'AccountNotEmptyError'
  | 'BalanceLimitError';

/** Each code with the name of its class. */
export const BANK_ERROR_NAMES: Readonly<Record<BankErrorCode, BankErrorName>> = {
  'invalid-amount': 'InvalidAmountError',
  'account-not-found': 'AccountNotFoundError',
  'account-closed': 'AccountClosedError',
  'insufficient-funds': 'InsufficientFundsError',
  'same-account-transfer': 'SameAccountTransferError',
  'invalid-request': 'InvalidRequestError',
  'account-not-empty': 'AccountNotEmptyError',
  'balance-limit': 'BalanceLimitError',
};

/** Whether a string is one of the bank's error codes. */
export function isBankErrorCode(value: unknown): value is BankErrorCode {
  return typeof value === 'string' && Object.hasOwn(BANK_ERROR_NAMES, value);
}

/**
 * Recognises a bank error by its `code` and `name` (and a string `message`, which the plain-data form has not), so it
 * works where `instanceof` does not: an error made in another realm (a worker, an iframe) or by another copy of this
 * module.
 */
export function isBankError(value: unknown): value is BankError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, name, message } = value as { code?: unknown; name?: unknown; message?: unknown };
  return isBankErrorCode(code) && BANK_ERROR_NAMES[code] === name && typeof message === 'string';
}
