import { concatMap, defer, filter, type Observable } from 'rxjs';
import type { Notification, NotificationLog } from '../../eventsourcing';

/** Notifications read per page. */
const PAGE_SIZE = 500;

/**
 * Every notification of an application's log after position `after`, in id order and in batches: first everything
 * already stored (one batch, empty if there is nothing, so that a view knows it has caught up), then whatever is
 * committed later, in this tab or another (the log's `head$` hears both). Each subscription reads on its own;
 * unsubscribing stops the reading.
 */
export function logTail(log: NotificationLog, after: number): Observable<readonly Notification[]> {
  return defer(() => {
    let position = after;
    let caughtUp = false;
    return log.head$.pipe(
      concatMap(async (head) => {
        const batch: Notification[] = [];
        while (position < head) {
          const page = await log.select(position + 1, PAGE_SIZE);
          const last = page.at(-1);
          if (last === undefined) break;
          batch.push(...page);
          position = last.id;
        }
        return batch;
      }),
      filter((batch) => {
        const first = !caughtUp;
        caughtUp = true;
        return first || batch.length > 0;
      }),
    );
  });
}
