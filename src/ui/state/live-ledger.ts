import { asyncScheduler, concatMap, throttleTime, type Observable } from 'rxjs';
import type { LedgerService } from '../../bank';
import type { LedgerTotals } from './ledger-totals';

/** The ledger's balance and transaction count, read again after each commit of the ledger (in any tab). */
export function liveLedger(ledger: LedgerService): Observable<LedgerTotals> {
  return ledger.log.head$.pipe(
    throttleTime(50, asyncScheduler, { leading: true, trailing: true }),
    // From memory where this tab saved the ledger last: the read reflects every commit of the log it has heard of.
    concatMap(async () => {
      const { exactBalance, transactionCount } = await ledger.getTotals({ cached: true });
      return { balance: exactBalance, transactionCount };
    }),
  );
}
