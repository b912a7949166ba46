import * as z from 'zod/mini';
import type { MoneyFormat } from '../format/money-format';
import { parseAmount, type AmountProblem } from '../format/parse-amount';
import type { MovementKind, MovementQuery } from './movement-search';

/** The kinds a person can pick in a search; `transfer` is either end of one. */
export const FILTER_KINDS = ['deposit', 'withdrawal', 'transfer', 'transfer-in', 'transfer-out', 'refund'] as const;

/** A kind a person can pick. */
export type FilterKind = (typeof FILTER_KINDS)[number];

/**
 * A search as the person typed it, and as the address keeps it (`?q=coffee&kind=deposit&min=10&to=2026-11-30`):
 * amounts are kept as typed and read in the display's locale when searching; an empty field is absent.
 */
export interface MovementFilters {
  readonly text?: string;
  readonly accountId?: string;
  readonly kind?: FilterKind;
  readonly min?: string;
  readonly max?: string;
  readonly from?: string;
  readonly to?: string;
}

/** A search turned into a query, with the amounts that could not be read. */
export interface ReadFilters {
  readonly query: MovementQuery;
  readonly problems: { readonly min?: AmountProblem; readonly max?: AmountProblem };
}

const PARAMS = {
  text: 'q',
  accountId: 'account',
  kind: 'kind',
  min: 'min',
  max: 'max',
  from: 'from',
  to: 'to',
} as const satisfies Record<keyof MovementFilters, string>;

const text = z.string().check(z.maxLength(200));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/u));
const fieldSchemas = {
  text,
  accountId: z.string().check(z.maxLength(100), z.regex(/^[\w-]+$/u)),
  kind: z.enum(FILTER_KINDS),
  min: z.string().check(z.maxLength(40)),
  max: z.string().check(z.maxLength(40)),
  from: day,
  to: day,
} as const;

/**
 * Reads a search from the query of an address (outside input): a parameter that does not fit (an unknown kind, a
 * date that is not `YYYY-MM-DD`, anything too long) is left out, the others are kept.
 */
export function parseMovementFilters(query: string): MovementFilters {
  const params = new URLSearchParams(query);
  const filters: Record<string, string> = {};
  for (const field of Object.keys(PARAMS) as (keyof MovementFilters)[]) {
    const value = params.get(PARAMS[field])?.trim();
    if (value === undefined || value === '') continue;
    const parsed = fieldSchemas[field].safeParse(value);
    if (parsed.success) filters[field] = parsed.data;
  }
  return filters;
}

/** The query of an address that leads to this search (`''` for none). */
export function movementFiltersQuery(filters: MovementFilters): string {
  const params = new URLSearchParams();
  for (const field of Object.keys(PARAMS) as (keyof MovementFilters)[]) {
    const value = filters[field]?.trim();
    if (value !== undefined && value !== '') params.set(PARAMS[field], value);
  }
  return params.toString();
}

/** Whether a search asks for anything. */
export function hasMovementFilters(filters: MovementFilters): boolean {
  return movementFiltersQuery(filters) !== '';
}

/** The query a search stands for, its amounts read as the person types money in this format. */
export function readMovementFilters(filters: MovementFilters, format: MoneyFormat): ReadFilters {
  const query: {
    text?: string;
    accountId?: string;
    kinds?: ReadonlySet<MovementKind>;
    minCents?: number;
    maxCents?: number;
    from?: string;
    to?: string;
  } = {};
  const problems: { min?: AmountProblem; max?: AmountProblem } = {};
  if (filters.text !== undefined && filters.text.trim() !== '') query.text = filters.text;
  if (filters.accountId !== undefined) query.accountId = filters.accountId;
  if (filters.kind !== undefined) query.kinds = KINDS[filters.kind];
  for (const [field, key] of [
    ['min', 'minCents'],
    ['max', 'maxCents'],
  ] as const) {
    const typed = filters[field];
    if (typed === undefined || typed.trim() === '') continue;
    const amount = parseAmount(typed, format);
    if (amount.ok) query[key] = amount.cents;
    else problems[field] = amount.problem;
  }
  if (filters.from !== undefined) query.from = filters.from;
  if (filters.to !== undefined) query.to = filters.to;
  return { query, problems };
}

const KINDS: Record<FilterKind, ReadonlySet<MovementKind>> = {
  deposit: new Set(['deposit']),
  withdrawal: new Set(['withdrawal']),
  transfer: new Set(['transfer-in', 'transfer-out']),
  'transfer-in': new Set(['transfer-in']),
  'transfer-out': new Set(['transfer-out']),
  refund: new Set(['refund']),
};
