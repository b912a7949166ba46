import { concatMap, defer, from, type Observable } from 'rxjs';
import type { DomainEvent, Notification } from './domain-event';
import type { Mapper } from './mapper';
import type { Recorder } from './recorder';

/** How many notifications `notifications$` reads per page. */
const PAGE_SIZE = 100;

/**
 * An application's events in the order they were committed, each with its notification id: what followers,
 * views and the sync client read.
 */
export class NotificationLog<Event extends DomainEvent = DomainEvent> {
  readonly #recorder: Recorder;
  readonly #mapper: Mapper;

  /** The highest notification id, on subscription and after each commit, in this tab or another. */
  readonly head$: Observable<number>;

  /**
   * Every notification committed after the moment of subscription, in id order, whoever wrote it (this tab or
   * another): each change of `head$` is followed by reading the log from the last notification emitted.
   */
  readonly notifications$: Observable<Notification<Event>>;

  constructor(recorder: Recorder, mapper: Mapper) {
    this.#recorder = recorder;
    this.#mapper = mapper;
    this.head$ = recorder.head$;
    this.notifications$ = defer(() => {
      let position: number | undefined;
      return this.head$.pipe(
        concatMap(async (head) => {
          if (position === undefined) {
            position = head;
            return [];
          }
          const read: Notification<Event>[] = [];
          while (position < head) {
            const page = await this.select(position + 1, PAGE_SIZE);
            const last = page.at(-1);
            if (last === undefined) break;
            read.push(...page);
            position = last.id;
          }
          return read;
        }),
        concatMap((notifications) => from(notifications)),
      );
    });
  }

  /** Up to `limit` notifications with `id >= start`, in id order, upcast to the current event schemas. */
  async select(start: number, limit: number): Promise<Notification<Event>[]> {
    const stored = await this.#recorder.selectNotifications(start, limit);
    return stored.map((notification) => ({
      ...this.#mapper.toDomainEvent<Event>(notification),
      id: notification.id,
    }));
  }

  /** The highest notification id stored, 0 for an empty log. */
  maxNotificationId(): Promise<number> {
    return this.#recorder.maxNotificationId();
  }
}
