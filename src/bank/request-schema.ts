import { z } from 'zod';
import { EVENT_TYPES, type BankRequest, type BankRequestKind } from './command';

/**
 * The schema of a request as it arrives in the log: from this device's store (trusted, but read through the same
 * door) or from another device of the vault (untrusted: another version of the app, or a forger holding the key).
 * Parsed before anything is decided, so that a malformed request is refused the same way on every device.
 */

/** The longest account id or name a request may carry, in UTF-16 code units. */
export const MAX_REQUEST_TEXT = 1_000;

const id = z.string().min(1).max(MAX_REQUEST_TEXT);
const amount = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
const limit = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const rulesVersion = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

const SCHEMAS = {
  deposit: z.strictObject({ creditAccountId: id, amount, rulesVersion }),
  withdrawal: z.strictObject({ debitAccountId: id, amount, rulesVersion }),
  transfer: z
    .strictObject({ debitAccountId: id, creditAccountId: id, amount, rulesVersion })
    .refine((data) => data.debitAccountId !== data.creditAccountId, 'a transfer needs two different accounts'),
  'account-opening': z.strictObject({
    accountId: id,
    name: z.string().max(MAX_REQUEST_TEXT),
    overdraftLimit: limit,
    rulesVersion,
  }),
  'overdraft-limit': z.strictObject({ accountId: id, overdraftLimit: limit, rulesVersion }),
  'account-closing': z.strictObject({ accountId: id, rulesVersion }),
} satisfies Record<BankRequestKind, z.ZodType>;

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
    return { ok: false, problem: `malformed ${kind} request${where}: ${issue?.message ?? 'malformed'}` };
  }
  const { rulesVersion: version, ...fields } = result.data;
  return { ok: true, request: { kind, ...fields } as BankRequest, rulesVersion: version };
}
