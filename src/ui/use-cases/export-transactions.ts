import { firstValueFrom } from 'rxjs';
import { accountNamer } from '../format/account-name';
import type { BankStore } from '../state/bank-store';
import { requestsByTransaction } from '../state/money-request';
import { saveTextFile } from './save-text-file';
import { transactionsCsv } from './transactions-csv';

/** What was saved. */
export interface SavedTransactions {
  readonly fileName: string;
  /** Lines written, besides the header. */
  readonly rows: number;
}

/**
 * Saves the transactions of one account (or of every account) as a CSV file for a spreadsheet in `locale`, named
 * after the account and today's date.
 */
export async function exportTransactions(
  store: BankStore,
  options: { readonly accountId?: string; readonly locale: string; readonly today: string },
): Promise<SavedTransactions> {
  const [entries, accounts, requests] = await Promise.all([
    firstValueFrom(store.entries$),
    firstValueFrom(store.accounts$),
    firstValueFrom(store.requests$),
  ]);
  const byId = requestsByTransaction(requests);
  const nameOf = accountNamer(accounts);
  const { accountId, locale } = options;
  const text = transactionsCsv(entries, {
    nameOf,
    requestOf: (id) => byId.get(id),
    locale,
    ...(accountId === undefined ? {} : { accountIds: new Set([accountId]) }),
  });
  const label = accountId === undefined ? 'transactions' : slug(nameOf(accountId));
  const fileName = `offline-bank-${label}-${options.today}.csv`;
  saveTextFile(text, fileName, 'text/csv;charset=utf-8');
  const rows =
    accountId === undefined ? entries.length : entries.filter((entry) => entry.accountId === accountId).length;
  return { fileName, rows };
}

function slug(name: string): string {
  const slugged = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
  return slugged === '' ? 'account' : slugged;
}
