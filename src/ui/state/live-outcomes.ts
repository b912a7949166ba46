import { asyncScheduler, concatMap, throttleTime, type Observable } from 'rxjs';
import { fromErrorData, RequestOutcome, type BankError, type Sagas } from '../../bank';

/**
 * How account openings, limits and closings were decided (null: done; a `BankError`: refused), read again after
 * each commit of the sagas' log (in any tab). A request not decided yet is absent from the map.
 */
export function liveOutcomes(
  sagas: Sagas,
  requestIds: readonly string[],
): Observable<ReadonlyMap<string, BankError | null>> {
  return sagas.log.head$.pipe(
    throttleTime(50, asyncScheduler, { leading: true, trailing: true }),
    concatMap(async () => {
      const outcomes = new Map<string, BankError | null>();
      for (const id of requestIds) {
        const outcome = await sagas.repository.find(RequestOutcome, id);
        if (outcome !== undefined) outcomes.set(id, outcome.error === null ? null : fromErrorData(outcome.error));
      }
      return outcomes;
    }),
  );
}
