/**
 * Base class of every error of the sync client. Each subclass has a literal `name`, a stable `code` and its facts
 * as readonly fields; callers branch on `code` (or the class), never on message text. Raw `fetch` and IndexedDB
 * failures never reach code above the sync client: they arrive as one of these, with the original as `cause`.
 */
export abstract class SyncError extends Error {
  abstract override readonly name: string;
  abstract readonly code: SyncErrorCode;
  /** Whether trying the same again later may succeed (a network drop, a busy server), as opposed to a refusal. */
  abstract readonly retryable: boolean;
}

/** The codes of the sync client's errors. */
export type SyncErrorCode =
  | 'network'
  | 'http'
  | 'conflict'
  | 'bad-response'
  | 'restore-not-empty'
  | 'local-store'
  | 'recovery-code'
  | 'undecryptable'
  | 'log-integrity'
  | 'diverged'
  | 'cannot-join';

const CODES: ReadonlySet<string> = new Set<SyncErrorCode>([
  'network',
  'http',
  'conflict',
  'bad-response',
  'restore-not-empty',
  'local-store',
  'recovery-code',
  'undecryptable',
  'log-integrity',
  'diverged',
  'cannot-join',
]);

/** Recognises a sync error by its `code`, which works where `instanceof` does not (another realm, plain data). */
export function isSyncError(value: unknown): value is SyncError {
  if (typeof value !== 'object' || value === null || !('code' in value)) return false;
  return typeof value.code === 'string' && CODES.has(value.code) && 'retryable' in value;
}
