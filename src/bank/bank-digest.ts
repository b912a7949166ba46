import type { Account } from './account';
import type { Ledger } from './ledger';

/** Names the encoding below: a change of its fields is a new name, so that two encodings never compare equal. */
const FORMAT = 'bank-digest/1';

/**
 * The digest of a derived bank, which two devices compare to find out whether they derived the same bank: SHA-256,
 * in lower-case hex, over a canonical encoding of every account (id, balance, overdraft limit, closed state,
 * version) and of the ledger (balance, transaction count, version; `null` before its first transaction).
 *
 * Invariants:
 * - The encoding is JSON of arrays only, fields in one fixed order, accounts sorted by id (by UTF-16 code units, as
 *   every engine sorts): the same bank gives the same bytes on every device, whatever order its accounts were read.
 * - Only integers, booleans and strings go in, and `JSON.stringify` writes each of those one way only.
 * - Every field is read before the hashing starts, so the caller may go on with the aggregates (commit them) as
 *   soon as it holds the promise.
 */
export async function bankDigest(accounts: Iterable<Account>, ledger: Ledger | undefined): Promise<string> {
  const rows = [...accounts]
    .map((account) => [account.id, account.balance, account.overdraftLimit, account.isClosed, account.version] as const)
    .sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0));
  const general = ledger === undefined ? null : [ledger.balance, ledger.transactionCount, ledger.version];
  const bytes = new TextEncoder().encode(JSON.stringify([FORMAT, general, rows]));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
