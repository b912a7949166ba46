import { concatMap, defer, filter, map, startWith, switchMap, type Observable } from 'rxjs';
import { AccountNotFoundError, isAccountEvent, type Accounts, type AccountView } from '../../bank';
import { logTail } from '../use-cases/log-tail';
import type { AccountOrder, AccountOrderState } from './account-order';

/**
 * Every account (closed ones too) in opening order, kept current. A start reads each account (from its snapshot)
 * and, of the accounts log, only what was committed since the stored account order's position; then each account
 * that an event of the log touches, in this tab or another, is read again, and the order is kept for the next start.
 */
export function liveAccounts(accounts: Accounts, order: AccountOrder): Observable<readonly AccountView[]> {
  return defer(async () => {
    // The position first: events committed while the accounts load are read again below, never missed.
    const state = await order.current();
    try {
      return { state, list: await load(accounts, state.ids) };
    } catch (error) {
      // A stored order that names an account this log does not hold is not this log's: read the log again.
      if (!(error instanceof AccountNotFoundError)) throw error;
      const rebuilt = await order.rebuild();
      return { state: rebuilt, list: await load(accounts, rebuilt.ids) };
    }
  }).pipe(
    switchMap(({ state, list }) => {
      const byId = new Map(list.map((account) => [account.id, account]));
      return logTail(accounts.log, state.position).pipe(
        filter((batch) => batch.length > 0),
        concatMap(async (batch) => {
          const touched = new Set(batch.filter(isAccountEvent).map((event) => event.originatorId));
          // From memory where the account is held: the read reflects at least this batch, which this tab has heard of.
          const views = await Promise.all([...touched].map((id) => accounts.getAccount(id, { cached: true })));
          for (const view of views) byId.set(view.id, view);
          const last = batch.at(-1);
          if (last !== undefined) {
            const next: AccountOrderState = {
              position: last.id,
              lastOriginatorId: last.originatorId,
              ids: [...byId.keys()],
            };
            order.save(next);
          }
        }),
        startWith(undefined),
        map(() => [...byId.values()]),
      );
    }),
  );
}

function load(accounts: Accounts, ids: readonly string[]): Promise<AccountView[]> {
  return Promise.all(ids.map((id) => accounts.getAccount(id)));
}
