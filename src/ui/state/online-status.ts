import { fromEvent, map, merge, startWith, type Observable } from 'rxjs';

/** Whether the browser believes it is online, now and on every change. */
export const online$: Observable<boolean> = merge(fromEvent(window, 'online'), fromEvent(window, 'offline')).pipe(
  startWith(undefined),
  map(() => navigator.onLine),
);
