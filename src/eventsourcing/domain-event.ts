/**
 * A JSON value: what events, snapshots and the sync wire can carry unchanged through IndexedDB, JSON and structured
 * clone. No `Date`, `Map`, `Set`, class instance, `bigint` or `undefined`.
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The payload of an event: a JSON object. */
export type EventData = Readonly<Record<string, JsonValue>>;

/**
 * An event: plain, readonly, JSON-serialisable data. Identity, order and time travel in the envelope; the facts of
 * the change in `data`. `originatorVersion` starts at 1 with the aggregate's creation and grows by one per event.
 */
export interface DomainEvent<Type extends string = string, Data extends EventData = EventData> {
  readonly type: Type;
  readonly originatorId: string;
  readonly originatorVersion: number;
  /** ISO 8601, from the application's clock. */
  readonly timestamp: string;
  readonly data: Data;
}

/** A domain event as read from an application's notification log: `id` is its position in that log. */
export type Notification<Event extends DomainEvent = DomainEvent> = Event & { readonly id: number };

/** Where time comes from. Injected so that domain code never reads the clock itself. */
export type Clock = () => string;

/** The system clock, as an ISO 8601 string. */
export const systemClock: Clock = () => new Date().toISOString();
