import { concatMap, filter, Observable } from 'rxjs';
import { AccountNotFoundError, transactionEntryOf, type AccountEvent, type Accounts, type Commands } from '../../bank';
import type { StoredEvent } from '../../eventsourcing';
import type { HistoryLine } from '../use-cases/account-history';
import { logTail } from '../use-cases/log-tail';
import type { LoggedEntry } from './logged-entry';
import type { MoneyRequest } from './money-request';
import { moneyRequestById } from './request-by-id';

/**
 * Events read for the first page of a history (what a screen shows first); each page behind it is `GROWTH` times
 * larger, up to `MAX_PAGE`, so that a search finds its first results soon and a long history takes few reads.
 */
const FIRST_PAGE = 100;
const GROWTH = 4;
const MAX_PAGE = 4_000;

/** An account's history as far as it has been read. */
export interface AccountHistory {
  /** Oldest first, with the balance (integer cents) right after each line. */
  readonly lines: readonly HistoryLine[];
  /** Whether the lines reach back to the account's opening (before, only the newest lines are known). */
  readonly complete: boolean;
  /** This device's requests behind the lines read, by transaction id (read by id, never the whole commands log). */
  readonly requests: ReadonlyMap<string, MoneyRequest>;
}

/**
 * One account's history read from the account's own events, newest first, page by page, never from the whole
 * transaction log: the newest page comes first, the older ones follow behind it, and lines the account gains later
 * (in this tab or another) are added as they are committed. The balance after each line is counted back from the
 * account's balance at the version the reading starts from, so it is the balance after that line in log order. A
 * line's `position` is the version of its account event (increasing along the account's history).
 */
export function liveAccountHistory(
  accounts: Accounts,
  commands: Commands,
  accountId: string,
): Observable<AccountHistory> {
  return new Observable<AccountHistory>((subscriber) => {
    let lines: HistoryLine[] = [];
    let complete = false;
    let stopped = false;
    /** The newest version read, and the balance right after it. */
    let top = { version: 0, balance: 0 };
    const requests = new Map<string, MoneyRequest>();
    const emit = () => subscriber.next({ lines, complete, requests });
    /** Reads the requests behind `added` that are not known yet, all at once. */
    const readRequests = async (added: readonly HistoryLine[]) => {
      const ids = new Set(
        added.flatMap(({ entry }) => (entry.transactionId === undefined ? [] : [entry.transactionId])),
      );
      const unknown = [...ids].filter((id) => !requests.has(id));
      const found = await Promise.all(unknown.map((id) => moneyRequestById(commands, id)));
      for (const request of found) if (request !== undefined) requests.set(request.transactionId, request);
    };
    const toLines = (events: readonly StoredEvent[]) =>
      events.flatMap((stored) => {
        // Every event of an account's aggregate is an account event; those the history does not list give none.
        const entry = transactionEntryOf(accounts.mapper.toDomainEvent<AccountEvent>(stored));
        return entry === undefined ? [] : [{ ...entry, position: stored.originatorVersion }];
      });

    const newer = async () => {
      const events = await accounts.recorder.selectEvents(accountId, { after: top.version });
      const last = events.at(-1);
      if (last === undefined || stopped) return;
      let { balance } = top;
      const added = toLines(events).map((entry) => {
        balance += signed(entry);
        return { entry, balanceAfter: balance };
      });
      top = { version: last.originatorVersion, balance };
      await readRequests(added);
      if (stopped) return;
      if (added.length > 0) lines = [...lines, ...added];
      emit();
    };

    const older = async (fromVersion: number, balanceAfter: number) => {
      let cursor = fromVersion;
      let balance = balanceAfter;
      for (let size = FIRST_PAGE; cursor > 0 && !stopped; size = Math.min(MAX_PAGE, size * GROWTH)) {
        const events = await accounts.recorder.selectEvents(accountId, { upTo: cursor, descending: true, limit: size });
        if (stopped) return;
        const page: HistoryLine[] = [];
        for (const entry of toLines(events)) {
          page.push({ entry, balanceAfter: balance });
          balance -= signed(entry);
        }
        cursor = events.length < size ? 0 : (events.at(-1)?.originatorVersion ?? 1) - 1;
        await readRequests(page);
        if (stopped) return;
        complete = cursor === 0;
        lines = [...page.reverse(), ...lines];
        emit();
      }
    };

    const start = async () => {
      // The position first: what is committed while the account is read comes through the tail, never missed.
      const after = await accounts.log.maxNotificationId();
      const view = await accounts.getAccount(accountId).catch((error: unknown) => {
        // Not opened yet (an opening waiting to sync): no history until it is.
        if (error instanceof AccountNotFoundError) return undefined;
        throw error;
      });
      if (stopped) return;
      top = view === undefined ? top : { version: view.version, balance: view.balance };
      const tail = logTail(accounts.log, after)
        .pipe(
          filter((batch) => batch.some((event) => event.originatorId === accountId)),
          concatMap(() => newer()),
        )
        .subscribe({ error: (error: unknown) => subscriber.error(error) });
      subscriber.add(tail);
      if (view === undefined) {
        complete = true;
        emit();
        return;
      }
      await older(view.version, view.balance);
    };
    start().catch((error: unknown) => subscriber.error(error));
    return () => {
      stopped = true;
    };
  });
}

function signed(entry: LoggedEntry): number {
  return entry.kind === 'credit' ? entry.amount : entry.kind === 'debit' ? -entry.amount : 0;
}
