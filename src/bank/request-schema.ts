import * as z from 'zod/mini';
import { EVENT_TYPES, type BankRequest, type BankRequestKind } from './command';
import { isCalendarDate, MAX_NOTE } from './movement-details';
import { RULES_VERSION } from './rules-version';

/**
 * The schema of a request as it arrives in the log: from this device's store (trusted, but read through the same
 * door) or from another device of the vault (untrusted: another version of the app, or a forger holding the key).
 * Parsed before anything is decided, so that a malformed request is refused the same way on every device.
 *
 * The schema is the one of the request's rules: a request of the first rules is read exactly as the code of those
 * rules read it (the same fields, the same refusals: a note on it is an unknown field), so that it is decided as it
 * always was; the second rules add notes and dates to money requests, an opening balance and the renaming of an
 * account. A request of rules newer than this code's is not read at all: its shape is for the newer code to judge.
 */

/** The longest account id or name a request may carry, in UTF-16 code units. */
export const MAX_REQUEST_TEXT = 1_000;

const id = z.string().check(z.minLength(1), z.maxLength(MAX_REQUEST_TEXT));
const amount = z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));
const limit = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));
const rulesVersion = z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER));

/** The refusal of a transfer from an account to itself. */
const SAME_ACCOUNTS = 'a transfer needs two different accounts';

/** What the first rules accepted: kept as they were, for the requests made under them. */
const FIRST_SCHEMAS = {
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
} satisfies Record<Exclude<BankRequestKind, 'account-renaming'>, z.ZodMiniType>;

const note = z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_NOTE)));
const occurredOn = z.optional(
  z.string().check(z.refine((value) => isCalendarDate(value), 'not a calendar date written YYYY-MM-DD')),
);
const name = z.string().check(z.maxLength(MAX_REQUEST_TEXT));

/** What the second rules accept (amounts beyond the rules' maxima are for the decision to refuse, by amount). */
const SECOND_SCHEMAS = {
  deposit: z.strictObject({ creditAccountId: id, amount, note, occurredOn, rulesVersion }),
  withdrawal: z.strictObject({ debitAccountId: id, amount, note, occurredOn, rulesVersion }),
  transfer: z
    .strictObject({ debitAccountId: id, creditAccountId: id, amount, note, occurredOn, rulesVersion })
    .check(z.refine((data) => data.debitAccountId !== data.creditAccountId, SAME_ACCOUNTS)),
  'account-opening': z.strictObject({
    accountId: id,
    name,
    overdraftLimit: limit,
    openingBalance: z.optional(limit),
    rulesVersion,
  }),
  'overdraft-limit': z.strictObject({ accountId: id, overdraftLimit: limit, rulesVersion }),
  'account-closing': z.strictObject({ accountId: id, rulesVersion }),
  'account-renaming': z.strictObject({ accountId: id, name, rulesVersion }),
} satisfies Record<BankRequestKind, z.ZodMiniType>;

const KINDS_BY_TYPE: ReadonlyMap<string, BankRequestKind> = new Map(
  Object.entries(EVENT_TYPES).map(([kind, type]) => [type, kind as BankRequestKind]),
);

/**
 * A request read from the log: what it asks and under which rules, or why it cannot be decided; `newerRules` when
 * it was made under rules newer than this code's (the derivation stops there).
 */
export type ParsedRequest =
  | { readonly ok: true; readonly request: BankRequest; readonly rulesVersion: number }
  | { readonly ok: false; readonly problem: string; readonly newerRules?: number };

/** The rules version of a request made under rules newer than this code's; `undefined` for any other. */
export function newerRulesOf(parsed: ParsedRequest): number | undefined {
  if (!parsed.ok) return parsed.newerRules;
  return parsed.rulesVersion > RULES_VERSION ? parsed.rulesVersion : undefined;
}

/** Parses the event type and data of a request; never throws. */
export function parseRequest(type: unknown, data: unknown): ParsedRequest {
  const version = rulesVersionOf(data);
  if (version !== undefined && version > RULES_VERSION) {
    const problem = `made under rules version ${String(version)}, newer than this code's ${String(RULES_VERSION)}`;
    return { ok: false, problem, newerRules: version };
  }
  const kind = typeof type === 'string' ? KINDS_BY_TYPE.get(type) : undefined;
  const schema = kind === undefined ? undefined : schemaOf(kind, version !== undefined && version >= 2);
  if (kind === undefined || schema === undefined) {
    return { ok: false, problem: `no request is of the kind ${JSON.stringify(type)}` };
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    return {
      ok: false,
      problem: `malformed ${kind} request${where}: ${issue === undefined ? 'malformed' : describeIssue(issue)}`,
    };
  }
  const { rulesVersion: parsedVersion, ...fields } = result.data as { rulesVersion: number };
  return { ok: true, request: { kind, ...fields } as BankRequest, rulesVersion: parsedVersion };
}

/** The schema of a kind of request under the first or the second rules; none for a kind the first rules lack. */
function schemaOf(kind: BankRequestKind, second: boolean): z.ZodMiniType | undefined {
  if (second) return SECOND_SCHEMAS[kind];
  return kind === 'account-renaming' ? undefined : FIRST_SCHEMAS[kind];
}

/** The rules version a request's data names, if it is a valid one; the schema refuses anything else. */
function rulesVersionOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const version = (data as { rulesVersion?: unknown }).rulesVersion;
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? version : undefined;
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
