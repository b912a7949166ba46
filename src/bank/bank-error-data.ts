import type { JsonValue } from '../eventsourcing';
import { AccountClosedError } from './account-closed-error';
import { AccountNotEmptyError } from './account-not-empty-error';
import { AccountNotFoundError } from './account-not-found-error';
import { BalanceLimitError } from './balance-limit-error';
import { describeValue } from './describe-value';
import { BANK_ERROR_NAMES, isBankErrorCode, type BankError } from './bank-error';
import { InsufficientFundsError } from './insufficient-funds-error';
import { InvalidAmountError } from './invalid-amount-error';
import { InvalidRequestError } from './invalid-request-error';
import { SameAccountTransferError } from './same-account-transfer-error';

/**
 * A bank error as plain JSON data: `{ name, code, ...fields }`. It survives IndexedDB, JSON, `structuredClone` and
 * `postMessage` unchanged, and `fromErrorData` rebuilds an equal error of the same class from it. Stored inside
 * events (a refusal recorded on an account), so its shape is part of the stored format.
 */
export type BankErrorData =
  | {
      readonly name: 'InvalidAmountError';
      readonly code: 'invalid-amount';
      /** The refused value, encoded so that JSON can carry it (see `toErrorData`). */
      readonly value: JsonValue;
    }
  | { readonly name: 'AccountNotFoundError'; readonly code: 'account-not-found'; readonly accountId: string }
  | { readonly name: 'AccountClosedError'; readonly code: 'account-closed'; readonly accountId: string }
  | {
      readonly name: 'InsufficientFundsError';
      readonly code: 'insufficient-funds';
      readonly accountId: string;
      readonly available: number;
      readonly requested: number;
    }
  | { readonly name: 'SameAccountTransferError'; readonly code: 'same-account-transfer'; readonly accountId: string }
  | {
      readonly name: 'InvalidRequestError';
      readonly code: 'invalid-request';
      readonly requestId: string;
      readonly problem: string;
    }
  | {
      readonly name: 'AccountNotEmptyError';
      readonly code: 'account-not-empty';
      readonly accountId: string;
      readonly balance: number;
    }
  | {
      readonly name: 'BalanceLimitError';
      readonly code: 'balance-limit';
      readonly accountId: string;
      readonly balance: number;
      readonly requested: number;
    };

/**
 * The plain-data form of a bank error. The `value` of an `InvalidAmountError` may be anything, so it is encoded:
 * JSON primitives stay as they are; `NaN`, `±Infinity`, `-0`, `undefined` and `bigint`s become a tagged object that
 * `fromErrorData` turns back into the same value; other objects are wrapped as their JSON form (so a plain object or
 * array comes back equal); what JSON cannot carry at all (a function, a symbol, a cyclic object) comes back as its
 * description, a string.
 */
export function toErrorData(error: BankError): BankErrorData {
  const known = error as KnownBankError;
  switch (known.code) {
    case 'invalid-amount':
      return { name: known.name, code: known.code, value: encodeValue(known.value) };
    case 'insufficient-funds':
      return {
        name: known.name,
        code: known.code,
        accountId: known.accountId,
        available: known.available,
        requested: known.requested,
      };
    case 'account-not-found':
    case 'account-closed':
    case 'same-account-transfer':
      return { name: known.name, code: known.code, accountId: known.accountId } as BankErrorData;
    case 'invalid-request':
      return { name: known.name, code: known.code, requestId: known.requestId, problem: known.problem };
    case 'account-not-empty':
      return { name: known.name, code: known.code, accountId: known.accountId, balance: known.balance };
    case 'balance-limit':
      return {
        name: known.name,
        code: known.code,
        accountId: known.accountId,
        balance: known.balance,
        requested: known.requested,
      };
    default:
      return unknownCode(known);
  }
}

/** Rebuilds a bank error of the right class, with the same `code` and fields, from its plain-data form. */
export function fromErrorData(data: BankErrorData): BankError {
  switch (data.code) {
    case 'invalid-amount':
      return new InvalidAmountError({ value: decodeValue(data.value) });
    case 'account-not-found':
      return new AccountNotFoundError({ accountId: data.accountId });
    case 'account-closed':
      return new AccountClosedError({ accountId: data.accountId });
    case 'insufficient-funds':
      return new InsufficientFundsError({
        accountId: data.accountId,
        available: data.available,
        requested: data.requested,
      });
    case 'same-account-transfer':
      return new SameAccountTransferError({ accountId: data.accountId });
    case 'invalid-request':
      return new InvalidRequestError({ requestId: data.requestId, problem: data.problem });
    case 'account-not-empty':
      return new AccountNotEmptyError({ accountId: data.accountId, balance: data.balance });
    case 'balance-limit':
      return new BalanceLimitError({ accountId: data.accountId, balance: data.balance, requested: data.requested });
    default:
      return unknownCode(data);
  }
}

/** Whether a value has the shape of `BankErrorData` (for data read from outside: an import, the sync wire). */
export function isBankErrorData(value: unknown): value is BankErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Record<string, unknown>;
  if (!isBankErrorCode(data.code) || BANK_ERROR_NAMES[data.code] !== data.name) return false;
  switch (data.code) {
    case 'invalid-amount':
      return 'value' in data;
    case 'insufficient-funds':
      return (
        typeof data.accountId === 'string' && typeof data.available === 'number' && typeof data.requested === 'number'
      );
    case 'invalid-request':
      return typeof data.requestId === 'string' && typeof data.problem === 'string';
    case 'account-not-empty':
      return typeof data.accountId === 'string' && typeof data.balance === 'number';
    case 'balance-limit':
      return (
        typeof data.accountId === 'string' && typeof data.balance === 'number' && typeof data.requested === 'number'
      );
    default:
      return typeof data.accountId === 'string';
  }
}

type KnownBankError =
  | InvalidAmountError
  | AccountNotFoundError
  | AccountClosedError
  | InsufficientFundsError
  | SameAccountTransferError
  | InvalidRequestError
  | AccountNotEmptyError
  | BalanceLimitError;

function unknownCode(value: never): never {
  throw new TypeError(`Not a bank error: ${JSON.stringify((value as { code?: unknown }).code)}`);
}

/** The tag of an encoded value that JSON could not carry as it is. */
type Encoded =
  | { readonly $type: 'number'; readonly text: string }
  | { readonly $type: 'undefined' }
  | { readonly $type: 'bigint'; readonly text: string }
  | { readonly $type: 'json'; readonly value: JsonValue }
  | { readonly $type: 'opaque'; readonly text: string };

function encodeValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Object.is(value, -0) ? value : tag({ $type: 'number', text: numberText(value) });
  }
  if (value === undefined) return tag({ $type: 'undefined' });
  if (typeof value === 'bigint') return tag({ $type: 'bigint', text: value.toString() });
  if (typeof value === 'object') {
    const json = asJson(value);
    if (json !== undefined) return tag({ $type: 'json', value: json });
  }
  return tag({ $type: 'opaque', text: describeValue(value) });
}

function decodeValue(encoded: JsonValue): unknown {
  if (typeof encoded !== 'object' || encoded === null || Array.isArray(encoded)) return encoded;
  const tagged = encoded as Encoded;
  switch (tagged.$type) {
    case 'number':
      return Number(tagged.text);
    case 'undefined':
      return undefined;
    case 'bigint':
      return BigInt(tagged.text);
    case 'json':
      return tagged.value;
    case 'opaque':
      return tagged.text;
    default:
      return encoded;
  }
}

function tag(encoded: Encoded): JsonValue {
  return encoded;
}

function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function asJson(value: object): JsonValue | undefined {
  try {
    const text = JSON.stringify(value) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
  } catch {
    // Cyclic, or holding a bigint.
    return undefined;
  }
}
