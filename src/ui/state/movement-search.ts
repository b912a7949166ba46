/**
 * Searching a list of money movements (an account's history, this device's requests) by text, account, kind, amount
 * and date, newest first, a page at a time.
 *
 * Invariants:
 * - Pure: the same rows and query give the same page; nothing is written, the rows are never changed.
 * - Text matches case- and accent-insensitively (`cafe` finds `Café`), in the note or in the name of any account the
 *   movement names; names are looked up at each search, so a renamed account is found by its new name.
 * - The folded note of a row is computed once and kept against the row's key object (a `WeakMap`): rows are the
 *   immutable lines of the logs, so a later search over the same (or a longer) list reuses it.
 * - Amounts are compared as integer cents of the movement's size (never negative); dates as `YYYY-MM-DD` strings,
 *   both ends included.
 */

/** What a movement was for one account. */
export type MovementKind =
  'opening' | 'deposit' | 'withdrawal' | 'transfer-in' | 'transfer-out' | 'refund' | 'credit' | 'debit';

/** One account a movement changed, and what it was for that account. */
export interface MovementSide {
  readonly accountId: string;
  readonly kind: MovementKind;
}

/** How a search reads the rows it is given. */
export interface MovementShape<Row> {
  /** The object a row's note is kept against (the row itself, or the log line it wraps). */
  readonly key: (row: Row) => object;
  readonly note: (row: Row) => string | undefined;
  /** The day it happened: its `occurredOn`, else the date of its timestamp. */
  readonly day: (row: Row) => string;
  /** Its size in cents (not negative). */
  readonly cents: (row: Row) => number;
  /** Each account it changed, with what it was for that account. */
  readonly sides: (row: Row) => readonly MovementSide[];
  /** Every account it names (both ends of a transfer), for the text. */
  readonly accountIds: (row: Row) => readonly string[];
}

/** What to look for; every field is optional and they all must hold. */
export interface MovementQuery {
  readonly text?: string;
  readonly accountId?: string;
  readonly kinds?: ReadonlySet<MovementKind>;
  readonly minCents?: number;
  readonly maxCents?: number;
  /** First day, `YYYY-MM-DD`, included. */
  readonly from?: string;
  /** Last day, `YYYY-MM-DD`, included. */
  readonly to?: string;
}

/** A page of results, newest first. */
export interface MovementPage<Row> {
  readonly rows: readonly Row[];
  /** How many rows match in all. */
  readonly total: number;
}

/** The search over one kind of row, keeping the folded notes of the rows it has seen. */
export class MovementSearch<Row> {
  readonly #shape: MovementShape<Row>;
  readonly #folded = new WeakMap<object, string>();

  constructor(shape: MovementShape<Row>) {
    this.#shape = shape;
  }

  /**
   * The `limit` newest rows (rows are given oldest first) that match `query`, and how many match in all.
   * `nameOf` gives an account's name as the screens show it.
   */
  page(
    rows: readonly Row[],
    query: MovementQuery,
    options: { readonly limit: number; readonly nameOf: (accountId: string) => string },
  ): MovementPage<Row> {
    const matches = this.#matcher(query, options.nameOf);
    const found: Row[] = [];
    let total = 0;
    for (let index = rows.length - 1; index >= 0; index--) {
      const row = rows[index] as Row;
      if (!matches(row)) continue;
      if (total < options.limit) found.push(row);
      total++;
    }
    return { rows: found, total };
  }

  /** Every row that matches, oldest first (for an export of what the screen shows). */
  all(rows: readonly Row[], query: MovementQuery, nameOf: (accountId: string) => string): Row[] {
    return rows.filter(this.#matcher(query, nameOf));
  }

  #matcher(query: MovementQuery, nameOf: (accountId: string) => string): (row: Row) => boolean {
    const shape = this.#shape;
    const needle = query.text === undefined ? '' : foldText(query.text.trim());
    const { accountId, kinds, minCents, maxCents, from, to } = query;
    const namedAccounts = new Map<string, boolean>();
    const nameMatches = (id: string): boolean => {
      let matched = namedAccounts.get(id);
      if (matched === undefined) {
        matched = foldText(nameOf(id)).includes(needle);
        namedAccounts.set(id, matched);
      }
      return matched;
    };
    return (row) => {
      if (minCents !== undefined || maxCents !== undefined) {
        const cents = shape.cents(row);
        if (minCents !== undefined && cents < minCents) return false;
        if (maxCents !== undefined && cents > maxCents) return false;
      }
      if (from !== undefined || to !== undefined) {
        const day = shape.day(row);
        if (from !== undefined && day < from) return false;
        if (to !== undefined && day > to) return false;
      }
      if (accountId !== undefined || kinds !== undefined) {
        const side = shape
          .sides(row)
          .some(
            (candidate) =>
              (accountId === undefined || candidate.accountId === accountId) &&
              (kinds === undefined || kinds.has(candidate.kind)),
          );
        if (!side) return false;
      }
      if (needle !== '') {
        if (!this.#foldedNote(row).includes(needle) && !shape.accountIds(row).some(nameMatches)) return false;
      }
      return true;
    };
  }

  #foldedNote(row: Row): string {
    const key = this.#shape.key(row);
    let folded = this.#folded.get(key);
    if (folded === undefined) {
      folded = foldText(this.#shape.note(row) ?? '');
      this.#folded.set(key, folded);
    }
    return folded;
  }
}

/** Text as it is compared: without accents (decomposed, marks removed) and in lower case. */
export function foldText(text: string): string {
  // Most notes are plain ASCII, which has nothing to decompose.
  if (/^[\x20-\x7e]*$/u.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
