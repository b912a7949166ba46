import type { EventData } from './domain-event';

/**
 * An event as a recorder stores it: the envelope, the type, the schema version its `data` was written under, and the
 * data. Produced from a `DomainEvent` by the `Mapper`, and turned back (upcast if older) by it.
 */
export interface StoredEvent {
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly timestamp: string;
  readonly data: EventData;
  /**
   * Only on an event a follower wrote while processing an upstream: the tracking record of that transaction (the
   * last upstream notification of its batch), with that notification's aggregate id and version, which name it on
   * any device. It travels with the event, so that a device restoring the log from elsewhere knows how far the
   * follower had got (`src/sync/restore-applications.ts`).
   */
  readonly tracking?: TrackingStamp;
}

/** The tracking record an event of a follower carries, with the identity of the upstream notification it names. */
export interface TrackingStamp extends Tracking {
  readonly originatorId: string;
  readonly originatorVersion: number;
}

/** A stored event with its notification id: its position in the application's log, strictly increasing. */
export interface StoredNotification extends StoredEvent {
  readonly id: number;
}

/**
 * The position of a follower in one upstream log, written in the same transaction as the events its processing
 * produced. `notificationId` is the last upstream notification processed.
 */
export interface Tracking {
  readonly upstreamName: string;
  readonly notificationId: number;
}

/**
 * The state of an aggregate at a version: only a cache. Deleting snapshots changes no result, only speed.
 * `aggregateType` and `schemaVersion` let a repository ignore a snapshot written for another shape of state.
 */
export interface Snapshot {
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly aggregateType: string;
  readonly schemaVersion: number;
  readonly timestamp: string;
  readonly state: EventData;
}

/** The stored event inside a notification. */
export function withoutNotificationId({ id: _id, ...event }: StoredNotification): StoredEvent {
  return event;
}
