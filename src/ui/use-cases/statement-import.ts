/**
 * Importing a bank statement (CSV) into one account: read the file, map its columns, plan what each row becomes, and
 * record the plan.
 *
 * Invariants:
 * - A file is taken whole or not at all: one row that cannot be read (no date, a date that is not a real day, no
 *   amount, an amount that is not money or has a fraction of a cent, a zero amount, a note too long) refuses the
 *   file, naming the row (numbered as a spreadsheet shows it: the header is row 1), and nothing is recorded.
 * - A row already on the account (same day, same signed amount, same note) is a duplicate and is not recorded; each
 *   movement on the account stands for one row only, so two identical rows of a file against one movement leave one
 *   to record.
 * - Each other row becomes one request, in the file's order: a deposit for a positive amount, a withdrawal for a
 *   negative one, with its note and the day it happened.
 * - The CSV parser (papaparse) is loaded on first use, so that it is not part of the first visit.
 */
import { MAX_NOTE } from '../../bank';
import type { StatementProblem, StatementRefusal } from '../format/describe-statement-refusal';
import type { MoneyFormat } from '../format/money-format';
import { parseAmount } from '../format/parse-amount';
import type { LoggedEntry } from '../state/logged-entry';
import { requestsByTransaction, type MoneyRequest } from '../state/money-request';
import type { MovementNotes } from '../state/movement-details';
import { entryDay, entryNote } from './movement-shapes';

/** The cells of a statement: its first row (the column names) and the rows after it. */
export interface StatementTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** How dates are written in a statement. */
export type StatementDateFormat = 'yyyy-mm-dd' | 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'dd.mm.yyyy';

/** Which column holds what (column indexes of the header), and how dates and amounts are written. */
export interface StatementMapping {
  readonly date: number;
  /** One signed amount column, or a debit and a credit column (money out, money in). */
  readonly amount: { readonly column: number } | { readonly debit: number; readonly credit: number };
  readonly note?: number;
  readonly dateFormat: StatementDateFormat;
  /** The locale the amounts are written in (`1,234.56` en-US, `1.234,56` de-DE, `1 234,56` fr-FR). */
  readonly numberLocale: string;
}

/** What one row of a statement becomes. */
export interface StatementLine {
  readonly row: number;
  readonly occurredOn: string;
  /** Signed cents: positive is a deposit, negative a withdrawal. */
  readonly cents: number;
  readonly note?: string;
  /** Already on the account: not recorded. */
  readonly duplicate: boolean;
}

/** The outcome of planning an import. */
export type StatementPlan =
  | { readonly ok: true; readonly lines: readonly StatementLine[] }
  | { readonly ok: false; readonly refusal: StatementRefusal };

/** A movement already on the account, as a statement row would show it. */
export interface ExistingMovement {
  readonly day: string;
  readonly cents: number;
  readonly note: string;
}

/** The longest note a movement may carry (as the bank allows). */
export const MAX_STATEMENT_NOTE = MAX_NOTE;

/** Reads the cells of a CSV file (any common separator, with or without a byte order mark); empty lines are skipped. */
export async function readStatementTable(text: string): Promise<StatementTable> {
  const loaded = await import('papaparse');
  // A CommonJS module: its exports are the default export under Node, and may be either in a bundle.
  const papa = (loaded as unknown as { default?: typeof loaded }).default ?? loaded;
  const result = papa.parse<string[]>(text.replace(/^\uFEFF/u, ''), { skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = result.data;
  return { header: header.map((cell) => cell.trim()), rows };
}

/** A first guess of the mapping from the column names (English, German, French, Spanish words; this app's export). */
export function guessStatementMapping(header: readonly string[], locale: string): StatementMapping {
  const find = (pattern: RegExp) => header.findIndex((name) => pattern.test(name.trim()));
  const date = find(/^(date|datum|fecha|buchungstag|valuta|day)\b/iu);
  const amount = find(/^(amount|betrag|montant|importe|sum|value)\b/iu);
  const debit = find(/^(debit|withdrawal|money out|paid out|soll|débit)\b/iu);
  const credit = find(/^(credit|deposit|money in|paid in|haben|crédit)\b/iu);
  const note = find(/^(note|description|memo|details|reference|verwendungszweck|libellé|concepto|text)\b/iu);
  return {
    date: Math.max(date, 0),
    amount: amount < 0 && debit >= 0 && credit >= 0 ? { debit, credit } : { column: Math.max(amount, 0) },
    ...(note < 0 ? {} : { note }),
    dateFormat: 'yyyy-mm-dd',
    numberLocale: locale,
  };
}

/**
 * What each row of a statement becomes on an account, or the first row that refuses the file. `existing` are the
 * movements the account already has (see `existingMovements`); `currency` is taken off amounts that show it.
 */
export function planStatementImport(
  table: StatementTable,
  mapping: StatementMapping,
  existing: readonly ExistingMovement[],
  currency: string,
): StatementPlan {
  if (table.rows.length === 0) return { ok: false, refusal: { row: 0, problem: 'no-rows', value: '' } };
  const format: MoneyFormat = { locale: mapping.numberLocale, currency };
  const unmatched = new Map<string, number>();
  for (const movement of existing) {
    const key = keyOf(movement.day, movement.cents, movement.note);
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
  }
  const lines: StatementLine[] = [];
  for (const [index, cells] of table.rows.entries()) {
    const row = index + 2;
    const cell = (column: number | undefined) => (column === undefined ? '' : (cells[column] ?? '').trim());
    const refuse = (problem: StatementProblem, value: string): StatementPlan => ({
      ok: false,
      refusal: { row, problem, value },
    });
    const dateText = cell(mapping.date);
    if (dateText === '') return refuse('empty-date', dateText);
    const occurredOn = readDate(dateText, mapping.dateFormat);
    if (occurredOn === undefined) return refuse('date', dateText);
    const amount = readSignedAmount(mapping, cell, format);
    if (!amount.ok) return refuse(amount.problem, amount.value);
    const note = cell(mapping.note);
    if (note.length > MAX_STATEMENT_NOTE) return refuse('note-too-long', note);
    const key = keyOf(occurredOn, amount.cents, note);
    const left = unmatched.get(key) ?? 0;
    if (left > 0) unmatched.set(key, left - 1);
    lines.push({ row, occurredOn, cents: amount.cents, ...(note === '' ? {} : { note }), duplicate: left > 0 });
  }
  return { ok: true, lines };
}

/**
 * The movements already on an account, as a statement shows them: its credits and debits, and this device's deposits
 * and withdrawals on it not derived yet (waiting to sync), so that importing a file twice records it once.
 */
export function existingMovements(
  entries: readonly LoggedEntry[],
  requests: readonly MoneyRequest[],
  accountId: string,
): ExistingMovement[] {
  const byId = requestsByTransaction(requests);
  const logged = new Set<string>();
  const movements: ExistingMovement[] = [];
  for (const entry of entries) {
    if (entry.accountId !== accountId || entry.kind === 'opening') continue;
    const request = entry.transactionId === undefined ? undefined : byId.get(entry.transactionId);
    if (entry.transactionId !== undefined) logged.add(entry.transactionId);
    movements.push({
      day: entryDay(entry, request),
      cents: entry.kind === 'debit' ? -entry.amount : entry.amount,
      note: entryNote(entry, request) ?? '',
    });
  }
  for (const request of requests) {
    if (logged.has(request.transactionId) || request.kind === 'transfer') continue;
    const onAccount = request.kind === 'deposit' ? request.creditAccountId : request.debitAccountId;
    if (onAccount !== accountId) continue;
    const notes = request as MoneyRequest & MovementNotes;
    movements.push({
      day: notes.occurredOn ?? request.timestamp.slice(0, 10),
      cents: request.kind === 'deposit' ? request.amount : -request.amount,
      note: notes.note ?? '',
    });
  }
  return movements;
}

/** How the import records one row. */
export interface StatementRecorder {
  deposit(accountId: string, cents: number, details: MovementNotes): Promise<string>;
  withdraw(accountId: string, cents: number, details: MovementNotes): Promise<string>;
}

/** Records the rows of a plan that are not duplicates, in order; returns their request ids. */
export async function recordStatement(
  recorder: StatementRecorder,
  accountId: string,
  lines: readonly StatementLine[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const line of lines) {
    if (line.duplicate) continue;
    const details: MovementNotes =
      line.note === undefined ? { occurredOn: line.occurredOn } : { note: line.note, occurredOn: line.occurredOn };
    ids.push(
      line.cents > 0
        ? await recorder.deposit(accountId, line.cents, details)
        : await recorder.withdraw(accountId, -line.cents, details),
    );
  }
  return ids;
}

function keyOf(day: string, cents: number, note: string): string {
  return `${day}|${cents}|${note.trim()}`;
}

type SignedAmount =
  | { readonly ok: true; readonly cents: number }
  | { readonly ok: false; readonly problem: StatementProblem; readonly value: string };

function readSignedAmount(
  mapping: StatementMapping,
  cell: (column: number) => string,
  format: MoneyFormat,
): SignedAmount {
  if ('column' in mapping.amount) {
    const text = cell(mapping.amount.column);
    return withSign(text, format);
  }
  const debit = cell(mapping.amount.debit);
  const credit = cell(mapping.amount.credit);
  if (debit !== '' && credit !== '') return { ok: false, problem: 'debit-and-credit', value: `${debit} / ${credit}` };
  if (debit === '' && credit === '') return { ok: false, problem: 'empty-amount', value: '' };
  // A debit column holds money out whatever its sign (some banks write it negative, most do not).
  const read = withSign((debit === '' ? credit : debit).replace(/^[-−+]/u, ''), format);
  return read.ok && debit !== '' ? { ok: true, cents: -read.cents } : read;
}

/** An amount with an optional sign: `-12.34`, `+12.34`, `12.34-`, `(12.34)`. */
function withSign(text: string, format: MoneyFormat): SignedAmount {
  if (text === '') return { ok: false, problem: 'empty-amount', value: text };
  let unsigned = text;
  let negative = false;
  const match = /^\((.*)\)$/u.exec(unsigned) ?? /^[-−](.*)$/u.exec(unsigned) ?? /^(.*?)[-−]$/u.exec(unsigned);
  if (match !== null) {
    negative = true;
    unsigned = (match[1] ?? '').trim();
  } else if (unsigned.startsWith('+')) {
    unsigned = unsigned.slice(1).trim();
  }
  const parsed = parseAmount(unsigned, format);
  if (!parsed.ok) {
    const problem =
      parsed.problem === 'decimals'
        ? 'fraction-of-cent'
        : parsed.problem === 'too-large'
          ? 'too-large'
          : parsed.problem === 'empty'
            ? 'empty-amount'
            : 'amount';
    return { ok: false, problem, value: text };
  }
  if (parsed.cents === 0) return { ok: false, problem: 'zero', value: text };
  return { ok: true, cents: negative ? -parsed.cents : parsed.cents };
}

const DATE_PATTERNS: Record<StatementDateFormat, { pattern: RegExp; order: readonly [number, number, number] }> = {
  // [year, month, day] as groups of the pattern
  'yyyy-mm-dd': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/u, order: [1, 2, 3] },
  'dd/mm/yyyy': { pattern: /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u, order: [3, 2, 1] },
  'mm/dd/yyyy': { pattern: /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/u, order: [3, 1, 2] },
  'dd.mm.yyyy': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/u, order: [3, 2, 1] },
};

/** A date as `YYYY-MM-DD` when it is a real day written this way (ISO timestamps keep their date part). */
function readDate(text: string, dateFormat: StatementDateFormat): string | undefined {
  const { pattern, order } = DATE_PATTERNS[dateFormat];
  const match = pattern.exec(/^\d{4}-\d{2}-\d{2}T/u.test(text) ? text.slice(0, 10) : text);
  if (match === null) return undefined;
  const [year, month, day] = order.map((group) => Number(match[group]));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
