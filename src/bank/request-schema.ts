import * as z from 'zod/mini';
import { EVENT_TYPES, type BankRequest, type BankRequestKind } from './command';

/**
 * The schema of a request as it arrives in the log: from this device's store (trusted, but read through the same
 * door) or from another device of the vault (untrusted: another version of the app, or a forger holding the key).
 * Parsed before anything is decided, so that a malformed request is refused the same way on every device.
 */

/** The longest account id or name a request may carry, in UTF-16 code units. */
export const MAX_REQUEST_TEXT = 1_000;

const id = z.string().check(z.minLength(1), z.maxLength(MAX_REQUEST_TEXT));
const amount = z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));
const limit = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));
const rulesVersion = z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));

/** The refusal of a transfer from an account to itself. */
const SAME_ACCOUNTS = 'a transfer needs two different accounts';

const SCHEMAS = {
  deposit: z.strictObject({ creditAccountId: id, amount, rulesVersion }),
  withdrawal: z.strictObject({ debitAccountId: id, amount, rulesVersion }),
  transfer: z
    .strictObject({ debitAccountId: id, creditAccountId: id, amount, rulesVersion })
    .check(z.refine((data) => data.debitAccountId !== data.creditAccountId, SAME_ACCOUNTS)),
  'account-opening': z.strictObject({
    accountId: id,
    name: z.string().check(z.maxLength(MAX_REQUEST_TEXT)),
    overdraftLimit: limit,
    rulesVersion,
  }),
  'overdraft-limit': z.strictObject({ accountId: id, overdraftLimit: limit, rulesVersion }),
  'account-closing': z.strictObject({ accountId: id, rulesVersion }),
} satisfies Record<BankRequestKind, z.ZodMiniType>;

const KINDS_BY_TYPE: ReadonlyMap<string, BankRequestKind> = new Map(
  Object.entries(EVENT_TYPES).map(([kind, type]) => [type, kind as BankRequestKind]),
);

/** A request read from the log: what it asks and under which rules, or why it cannot be decided. */
export type ParsedRequest =
  | { readonly ok: true; readonly request: BankRequest; readonly rulesVersion: number }
  | { readonly ok: false; readonly problem: string };

/** Parses the event type and data of a request; never throws. */
export function parseRequest(type: unknown, data: unknown): ParsedRequest {
  const kind = typeof type === 'string' ? KINDS_BY_TYPE.get(type) : undefined;
  if (kind === undefined) return { ok: false, problem: `no request is of the kind ${JSON.stringify(type)}` };
  const result = SCHEMAS[kind].safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    return {
      ok: false,
      problem: `malformed ${kind} request${where}: ${issue === undefined ? 'malformed' : describeIssue(issue)}`,
    };
  }
  const { rulesVersion: version, ...fields } = result.data;
  return { ok: true, request: { kind, ...fields } as BankRequest, rulesVersion: version };
}

/**
 * Says what is wrong with a field, in words this module owns: the problem becomes part of the refusal every device
 * derives, so it must not change with the wording of the schema library's messages (another version of it on
 * another device would derive other data), nor need that library's locale in the first visit's code.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin !== 'string') return `below ${String(issue.minimum)}`;
      return issue.minimum === 1 ? 'empty' : `shorter than ${String(issue.minimum)} characters`;
    case 'too_big':
      return issue.origin === 'string'
        ? `longer than ${String(issue.maximum)} characters`
        : `above ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'custom':
      return issue.message;
    default:
      return issue.code.replaceAll('_', ' ');
  }
}

/** What a field should have been, for the types the request schemas name. */
const EXPECTED: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  object: 'an object',
};
