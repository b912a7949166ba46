// The public surface of the event-sourcing core. Nothing here knows about banks, sync or the DOM.
export { Aggregate, type AggregateClass, type AnyAggregate } from './aggregate';
export { AggregateNotFoundError } from './aggregate-not-found-error';
export {
  Application,
  type ApplicationOptions,
  type BatchTracking,
  type PreparedWrite,
  type SaveListener,
} from './application';
export { ConcurrencyError } from './concurrency-error';
export { dexiePersistence, type DexiePersistenceOptions } from './dexie-persistence';
export {
  DexieRecorder,
  type DexieRecorderOptions,
  type DexieRecorderWrite,
  type OwnDatabaseOptions,
  type SharedDatabaseOptions,
} from './dexie-recorder';
export { EVENT_DATABASE_SCHEMA, EventDatabase, type EventDatabaseOptions } from './event-database';
export {
  systemClock,
  type Clock,
  type DomainEvent,
  type EventData,
  type JsonValue,
  type Notification,
} from './domain-event';
export { EventSourcingError, isEventSourcingError } from './event-sourcing-error';
export type { Follower } from './follower';
export { LeaderRunner, type LeaderRunnerOptions } from './leader-runner';
export { FollowerError } from './follower-error';
export { Mapper, type EventSchema, type Upcaster } from './mapper';
export { memoryPersistence } from './memory-persistence';
export { MemoryRecorder, MemoryStore, type MemoryRecorderWrite } from './memory-recorder';
export { NotificationLog } from './notification-log';
export type { Persistence, RecorderWrite } from './persistence';
export { ProcessApplication } from './process-application';
export { ProcessingContext } from './processing-context';
export type { AggregateRecords, EventRange, InsertOptions, Recorder, TrackingInsert } from './recorder';
export { canRecordTogether, recordTogether } from './record-together';
export { Repository, type LoadOptions } from './repository';
export { DEFAULT_BATCH_SIZE, type Runner } from './runner';
export { runnerFor, type RunnerKind } from './runner-for';
export { RxRunner, type FollowerFailure, type RxRunnerOptions } from './rx-runner';
export { SchemaVersionError } from './schema-version-error';
export { StorageError, type StorageFailure } from './storage-error';
export type { Snapshot, StoredEvent, StoredNotification, Tracking, TrackingStamp } from './stored-event';
export { SyncRunner } from './sync-runner';
export { System, type PipeElement } from './system';
export { TrackingConflictError } from './tracking-conflict-error';
export { HeadConflictError } from './head-conflict-error';
export { UnknownEventTypeError } from './unknown-event-type-error';
