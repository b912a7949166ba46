import type { DomainEvent, EventData } from './domain-event';
import { SchemaVersionError } from './schema-version-error';
import type { StoredEvent } from './stored-event';

/** Turns `data` stored under schema version `n` into the shape of version `n + 1`. */
export type Upcaster = (data: EventData) => EventData;

/**
 * The schema of one event type: its current version, and for each older version the upcaster that brings data
 * written under it one version forward. Version 1 needs no entry.
 */
export interface EventSchema {
  readonly version: number;
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * Maps domain events to stored events and back.
 *
 * Invariants:
 * - Events are written under the current schema version of their type (1 when the type has no schema entry).
 * - On read, data written under an older version goes through every upcaster from that version to the current one,
 *   in order; a missing upcaster, or a stored version newer than the code, is a `SchemaVersionError`, never a
 *   silently wrong shape.
 * - Stored data is never changed in place: upcasting happens on every read of an old record.
 */
export class Mapper {
  readonly #schemas: ReadonlyMap<string, EventSchema>;

  constructor(schemas: Readonly<Record<string, EventSchema>> = {}) {
    this.#schemas = new Map(Object.entries(schemas));
  }

  /** The schema version events of this type are written under. */
  versionOf(type: string): number {
    return this.#schemas.get(type)?.version ?? 1;
  }

  toStoredEvent(event: DomainEvent): StoredEvent {
    return {
      originatorId: event.originatorId,
      originatorVersion: event.originatorVersion,
      type: event.type,
      schemaVersion: this.versionOf(event.type),
      timestamp: event.timestamp,
      data: event.data,
    };
  }

  toDomainEvent<Event extends DomainEvent = DomainEvent>(stored: StoredEvent): Event {
    return {
      type: stored.type,
      originatorId: stored.originatorId,
      originatorVersion: stored.originatorVersion,
      timestamp: stored.timestamp,
      data: this.upcast(stored.type, stored.schemaVersion, stored.data),
    } as Event;
  }

  /** Brings `data` stored under `storedVersion` to the current schema of `type`. */
  upcast(type: string, storedVersion: number, data: EventData): EventData {
    const schema = this.#schemas.get(type);
    const currentVersion = schema?.version ?? 1;
    if (storedVersion === currentVersion) return data;
    if (storedVersion > currentVersion)
      throw new SchemaVersionError({ eventType: type, storedVersion, currentVersion });
    let upcast = data;
    for (let version = storedVersion; version < currentVersion; version++) {
      const upcaster = schema?.upcasters?.[version];
      if (upcaster === undefined) throw new SchemaVersionError({ eventType: type, storedVersion, currentVersion });
      upcast = upcaster(upcast);
    }
    return upcast;
  }
}
