import { asyncScheduler, concatMap, throttleTime, type Observable } from 'rxjs';
import type { Sagas, SagaView } from '../../bank';

/**
 * The sagas of the given transactions, read again after each commit of the sagas' log (in any tab). A transaction
 * whose saga has not started yet is shown `pending`, as `Sagas.getSaga` does. A saga this tab derived is brought up
 * to date from memory (`cached`), so a commit does not cost a read of every saga listed.
 */
export function liveSagas(sagas: Sagas, transactionIds: readonly string[]): Observable<ReadonlyMap<string, SagaView>> {
  return sagas.log.head$.pipe(
    throttleTime(50, asyncScheduler, { leading: true, trailing: true }),
    concatMap(async () => {
      const views = await Promise.all(transactionIds.map((id) => sagas.getSaga(id, { cached: true })));
      return new Map(views.map((view) => [view.id, view]));
    }),
  );
}
