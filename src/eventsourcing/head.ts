import { defer, distinctUntilChanged, merge, scan, type Observable } from 'rxjs';

/**
 * The stream behind `Recorder.head$`: the highest notification id, read once from storage on subscription and then
 * raised by every commit signal. Signals may arrive out of order (another tab, a late read): the running maximum
 * makes the stream monotonic.
 */
export function headStream(readHead: () => Promise<number>, commits$: Observable<number>): Observable<number> {
  return merge(defer(readHead), commits$).pipe(
    scan((highest, id) => Math.max(highest, id), 0),
    distinctUntilChanged(),
  );
}
