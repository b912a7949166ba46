import { defer, distinctUntilChanged, merge, scan, shareReplay, type Observable } from 'rxjs';

/**
 * The stream behind `Recorder.head$`: the highest notification id, read once from storage on subscription and then
 * raised by every commit signal. Signals may arrive out of order (another tab, a late read): the running maximum
 * makes the stream monotonic. Subscribers share one read while any is subscribed: a view or follower that subscribes
 * later gets the head at once, without a transaction.
 */
export function headStream(readHead: () => Promise<number>, commits$: Observable<number>): Observable<number> {
  return merge(defer(readHead), commits$).pipe(
    scan((highest, id) => Math.max(highest, id), 0),
    distinctUntilChanged(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
}
