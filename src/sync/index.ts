// The sync module's public surface: the client, its state stores, its errors and the wire protocol.
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
export { DexieSyncStateStore, type DexieSyncStateStoreOptions } from './dexie-sync-state-store';
export { LocalStoreError } from './local-store-error';
export { MemorySyncStateStore } from './memory-sync-state-store';
export {
  ERROR_STATUS,
  PROTOCOL_LIMITS,
  errorBodySchema,
  pullQuerySchema,
  pullResponseSchema,
  pulledEventSchema,
  pushRequestSchema,
  pushResponseSchema,
  statusResponseSchema,
  wireEventSchema,
  type ErrorBody,
  type ErrorCode,
  type JsonData,
  type PullResponse,
  type PulledEvent,
  type PushRequest,
  type PushRequestInput,
  type PushResponse,
  type StatusResponse,
  type StreamStatus,
  type WireEvent,
} from './protocol';
export {
  REQUEST_ERROR_STATUS,
  REQUEST_PROTOCOL_LIMITS,
  deviceIdSchema,
  envelopeSchema,
  headEventSchema,
  logEntrySchema,
  logQuerySchema,
  logResponseSchema,
  positionSchema,
  pushRequestsResponseSchema,
  pushRequestsSchema,
  pushedRequestSchema,
  type Envelope,
  type HeadEvent,
  type LogEntry,
  type LogQuery,
  type LogResponse,
  type PushRequests,
  type PushRequestsResponse,
  type PushedRequest,
  type RequestErrorCode,
} from './request-protocol';
export { RestoreNotEmptyError } from './restore-not-empty-error';
export { restoreApplications, type RestoreResult } from './restore-applications';
export { SyncApi, type SyncApiOptions } from './sync-api';
export { SyncClient, type SyncClientOptions } from './sync-client';
export { SyncConflictError } from './sync-conflict-error';
export { SyncError, isSyncError, type SyncErrorCode } from './sync-error';
export { SyncHttpError } from './sync-http-error';
export { SyncNetworkError } from './sync-network-error';
export { SyncResponseError } from './sync-response-error';
export type { SyncStateStore } from './sync-state-store';
export type { SyncConflict, SyncState, SyncStatus } from './sync-status';
export { syncWhileLeader } from './sync-while-leader';
export { toStoredEvent, toWireEvent } from './wire-event';
