import { numberSymbols } from '../format/number-symbols';
import type { LoggedEntry } from '../state/logged-entry';
import type { MoneyRequest } from '../state/money-request';
import { entryDay, entryKind, entryNote } from './movement-shapes';

/** The columns of an exported file, in order. */
export const CSV_COLUMNS = ['date', 'recorded', 'account', 'kind', 'amount', 'balance after', 'note', 'request id'];

/** What an export needs besides the log. */
export interface TransactionsCsvOptions {
  /** The accounts to export; all when absent. */
  readonly accountIds?: ReadonlySet<string>;
  readonly nameOf: (accountId: string) => string;
  readonly requestOf: (transactionId: string) => MoneyRequest | undefined;
  /** The display's locale: it chooses the decimal separator, and with it the field separator. */
  readonly locale: string;
}

/**
 * The lines of the transaction log as CSV (RFC 4180), one row per line, oldest first, for a spreadsheet in the
 * display's locale to open as columns of dates and numbers:
 *
 * - UTF-8 with a byte order mark (without it Excel reads UTF-8 as the system's code page), CRLF line ends, every
 *   field quoted, quotes doubled.
 * - Amounts and balances are plain numbers without grouping, written with the locale's decimal separator; where that
 *   is a comma, fields are separated by semicolons (what Excel and LibreOffice expect in such locales), else by
 *   commas. So `-12.34` in en-US and `-12,34` in de-DE: each is a number to the spreadsheet of that locale.
 * - `date` is the day the movement happened (`YYYY-MM-DD`, which every spreadsheet reads as a date); `recorded` the
 *   ISO 8601 timestamp, in UTC.
 * - Balances are summed in `BigInt` cents, so they are exact whatever their size.
 * - Text a person typed (names, notes) that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 *   apostrophe, so a spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV Injection").
 */
export function transactionsCsv(entries: readonly LoggedEntry[], options: TransactionsCsvOptions): string {
  const { decimal } = numberSymbols(options.locale);
  const separator = decimal === ',' ? ';' : ',';
  const balances = new Map<string, bigint>();
  const rows: string[] = [CSV_COLUMNS.map(quoted).join(separator)];
  for (const entry of entries) {
    const signed = BigInt(entry.kind === 'debit' ? -entry.amount : entry.amount);
    const balance = (balances.get(entry.accountId) ?? 0n) + signed;
    balances.set(entry.accountId, balance);
    if (options.accountIds !== undefined && !options.accountIds.has(entry.accountId)) continue;
    const request = entry.transactionId === undefined ? undefined : options.requestOf(entry.transactionId);
    rows.push(
      [
        entryDay(entry, request),
        entry.timestamp,
        asText(options.nameOf(entry.accountId)),
        entryKind(entry, request),
        decimalOf(signed, decimal),
        decimalOf(balance, decimal),
        asText(entryNote(entry, request) ?? ''),
        asText(entry.transactionId ?? ''),
      ]
        .map(quoted)
        .join(separator),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

/** Text a spreadsheet would take for a formula, made plain text. */
export function asText(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

function quoted(value: string): string {
  return `"${value.replace(/"/gu, '""')}"`;
}

/** Cents as a decimal number with two places: `-1234n` → `-12.34`. */
function decimalOf(cents: bigint, decimal: string): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}${decimal}${digits.slice(-2)}`;
}
