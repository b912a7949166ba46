// The sync module's public surface: the client, its state stores, its errors, the wire protocol, and the vault's
// encryption: keys, recovery codes, sealed requests and the hash chain.
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
export type { BankSync, BankSyncOptions, BankSyncState, BankSyncStatus } from './bank-sync';
export { CannotJoinError, type CannotJoinReason } from './cannot-join-error';
export { DivergenceError } from './divergence-error';
export { LogIntegrityError, type LogIntegrityProblem } from './log-integrity-error';
export { verifyPage, type VerifyContext } from './log-verifier';
export { recoveryCodeOf } from './recovery-code-of';
export { RequestApi, type RequestApiOptions } from './request-api';
export { startSyncedBank, type BankParts, type SyncedBankSystem } from './start-synced-bank';
export { Device, Outbox, SyncDevice, type DeviceJoined, type RequestSealed } from './sync-device';
export { VaultSync, type VaultSyncOptions } from './vault-sync';
export { vaultKeyStoreFor } from './vault-key-store-for';
export { decodeBase64url, encodeBase64url } from './base64url';
export { GENESIS_LINK, chainLink, chainLinks, type ChainEntry } from './chain-link';
export { DexieVaultKeyStore, type DexieVaultKeyStoreOptions } from './dexie-vault-key-store';
export type { EnvelopeBinding } from './envelope-binding';
export { LocalStoreError } from './local-store-error';
export { MemoryVaultKeyStore } from './memory-vault-key-store';
export { encodeRecoveryCode, parseRecoveryCode } from './recovery-code';
export { RecoveryCodeError, type RecoveryCodeFacts, type RecoveryCodeProblem } from './recovery-code-error';
export { openRequest, sealRequest } from './request-cipher';
export {
  REQUEST_ERROR_STATUS,
  REQUEST_PROTOCOL_LIMITS,
  deviceIdSchema,
  envelopeSchema,
  errorBodySchema,
  headEventSchema,
  logEntrySchema,
  logQuerySchema,
  logResponseSchema,
  positionSchema,
  pushRequestsResponseSchema,
  pushRequestsSchema,
  pushedRequestSchema,
  type Envelope,
  type ErrorBody,
  type HeadEvent,
  type LogEntry,
  type LogQuery,
  type LogResponse,
  type PushRequests,
  type PushRequestsResponse,
  type PushedRequest,
  type RequestErrorCode,
} from './protocol';
export { SyncError, isSyncError, type SyncErrorCode } from './sync-error';
export { SyncHttpError } from './sync-http-error';
export { SyncNetworkError } from './sync-network-error';
export { SyncResponseError } from './sync-response-error';
export { UndecryptableRequestError } from './undecryptable-request-error';
export { VAULT_KEY_BYTES, generateVaultKey, importVaultKey } from './vault-key';
export type { VaultKeyStore } from './vault-key-store';
