import { concatMap, defer, filter, map, startWith, switchMap, type Observable } from 'rxjs';
import { isAccountEvent, type Accounts, type AccountView } from '../../bank';
import { logTail } from '../use-cases/log-tail';

/**
 * Every account (closed ones too) in opening order, kept current: loaded once through `listAccounts`, then each
 * account that an event of the accounts log touches, in this tab or another, is read again.
 */
export function liveAccounts(accounts: Accounts): Observable<readonly AccountView[]> {
  return defer(async () => {
    // The position first: events committed while the list loads are read again below, never missed.
    const after = await accounts.log.maxNotificationId();
    return { after, list: await accounts.listAccounts() };
  }).pipe(
    switchMap(({ after, list }) => {
      const byId = new Map(list.map((account) => [account.id, account]));
      return logTail(accounts.log, after).pipe(
        filter((batch) => batch.length > 0),
        concatMap(async (batch) => {
          const touched = new Set(batch.filter(isAccountEvent).map((event) => event.originatorId));
          // From memory where the account is held: the read reflects at least this batch, which this tab has heard of.
          const views = await Promise.all([...touched].map((id) => accounts.getAccount(id, { cached: true })));
          for (const view of views) byId.set(view.id, view);
        }),
        startWith(undefined),
        map(() => [...byId.values()]),
      );
    }),
  );
}
