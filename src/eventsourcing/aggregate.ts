import { systemClock, type Clock, type DomainEvent, type EventData } from './domain-event';
import { UnknownEventTypeError } from './unknown-event-type-error';

/**
 * The base of every aggregate: a consistency boundary whose state is the fold of its events.
 *
 * Invariants:
 * - `state` is plain JSON data, changed only by `evolve(state, event)`, a pure function: so a snapshot is the state
 *   itself, and loading from a snapshot equals a full replay.
 * - `version` is the version of the last event applied (0 before the creation event); every new event gets
 *   `version + 1`.
 * - Command methods in subclasses check their rules first and only then `trigger` events: an event that exists is a
 *   fact, never refused afterwards.
 * - New events wait in `pendingEvents` until an application saves them; `markSaved()` then clears them.
 */
export abstract class Aggregate<State extends EventData, Event extends DomainEvent> {
  readonly id: string;
  #state: State;
  #version = 0;
  #savedState: State;
  #savedVersion = 0;
  #pending: Event[] = [];
  readonly #clock: Clock;

  protected constructor(id: string, initialState: State, clock: Clock = systemClock) {
    this.id = id;
    this.#state = initialState;
    this.#savedState = initialState;
    this.#clock = clock;
  }

  /** The version of the last event applied; 0 for an aggregate not yet created. */
  get version(): number {
    return this.#version;
  }

  /** The current state, as plain data. */
  get state(): State {
    return this.#state;
  }

  /** Events triggered since the aggregate was loaded or last saved, oldest first. */
  get pendingEvents(): readonly Event[] {
    return this.#pending;
  }

  /** The version the stored events reach: `version` minus the pending events. */
  get savedVersion(): number {
    return this.#savedVersion;
  }

  /**
   * The state at a version between the saved version and the current one, computed from the saved state and the
   * pending events. Applications use it to snapshot exactly at multiples of the snapshot interval.
   */
  stateAt(version: number): State {
    if (version < this.#savedVersion || version > this.#version) {
      throw new RangeError(`Version ${version} is outside ${this.#savedVersion}..${this.#version}`);
    }
    let state = this.#savedState;
    for (const event of this.#pending) {
      if (event.originatorVersion > version) break;
      state = this.evolve(state, event);
    }
    return state;
  }

  /** Applies stored events, in version order, to an aggregate with no pending events. Used by repositories. */
  replay(events: Iterable<Event>): void {
    if (this.#pending.length > 0) throw new Error('Cannot replay stored events over pending events');
    for (const event of events) {
      if (event.originatorVersion !== this.#version + 1) {
        throw new RangeError(
          `Event ${event.type} at version ${event.originatorVersion} does not follow version ${this.#version} of ${this.id}`,
        );
      }
      this.#state = this.evolve(this.#state, event);
      this.#version = event.originatorVersion;
    }
    this.#savedState = this.#state;
    this.#savedVersion = this.#version;
  }

  /** Puts the aggregate at the state of a snapshot. Used by repositories before replaying later events. */
  restore(state: State, version: number): void {
    if (this.#pending.length > 0 || this.#version !== 0) throw new Error('Can only restore a blank aggregate');
    this.#state = state;
    this.#version = version;
    this.#savedState = state;
    this.#savedVersion = version;
  }

  /** Called by the application once the pending events are stored. */
  markSaved(): void {
    this.#pending = [];
    this.#savedState = this.#state;
    this.#savedVersion = this.#version;
  }

  /**
   * Records a new event: stamps it with the next version and the clock's time, applies it, and keeps it pending.
   * Call it only after every rule has been checked.
   */
  protected trigger<Type extends Event['type']>(type: Type, data: Extract<Event, { type: Type }>['data']): void {
    const event = {
      type,
      originatorId: this.id,
      originatorVersion: this.#version + 1,
      timestamp: this.#clock(),
      data,
    } as unknown as Event;
    this.#state = this.evolve(this.#state, event);
    this.#version = event.originatorVersion;
    this.#pending.push(event);
  }

  /**
   * The pure state transition: a `switch` on `event.type` that ends with `return this.unknownEvent(event)` in its
   * `default` branch, so the compiler proves every event type handled and an unknown type at run time is an error.
   * (An aggregate with a single event type passes `event.type`: TypeScript narrows a lone type's discriminant to
   * `never`, but not the event itself.) It returns a new state and never changes the one it is given: states are
   * shared (with snapshots, and frozen in the repository's memory of saved aggregates).
   */
  protected abstract evolve(state: State, event: Event): State;

  /** For the `default` branch of `evolve`: statically unreachable, and an `UnknownEventTypeError` at run time. */
  protected unknownEvent(eventOrType: never): never {
    const unknown: unknown = eventOrType;
    const eventType =
      typeof unknown === 'object' && unknown !== null && 'type' in unknown ? String(unknown.type) : String(unknown);
    throw new UnknownEventTypeError({
      eventType,
      aggregateType: (this.constructor as AggregateClass).aggregateType,
    });
  }
}

/** Any aggregate, whatever its state and events. */
export type AnyAggregate = Aggregate<EventData, DomainEvent>;

/**
 * What a repository needs to rebuild an aggregate: a stable type name (never the class's `name`, which minifiers
 * change), the schema version of its snapshot state, and a constructor of a blank instance.
 */
export interface AggregateClass<A extends AnyAggregate = AnyAggregate> {
  readonly aggregateType: string;
  /** Bump it when the shape of the state changes: older snapshots are then ignored and replayed instead. */
  readonly snapshotVersion?: number;
  new (id: string, clock?: Clock): A;
}
