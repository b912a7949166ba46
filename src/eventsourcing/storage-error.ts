import { EventSourcingError } from './event-sourcing-error';

/**
 * Why storage failed, in words a program can act on:
 * - `quota`: the disk or the origin's quota is full. Free space, or export and clear old data.
 * - `closed`: the database was closed underneath (another tab deleted or upgraded it). Reload the page.
 * - `unavailable`: IndexedDB is missing or refuses to open (private mode, disabled storage).
 * - `aborted`: the transaction was aborted; nothing of it was stored. Retrying may work.
 * - `failed`: any other low-level failure.
 */
export type StorageFailure = 'quota' | 'closed' | 'unavailable' | 'aborted' | 'failed';

/**
 * Raised when the storage below a recorder fails. The original low-level error is kept as `cause`. An insert that
 * fails this way stored nothing.
 */
export class StorageError extends EventSourcingError {
  override readonly name = 'StorageError';
  readonly code = 'storage';
  readonly reason: StorageFailure;

  constructor(reason: StorageFailure, message: string, options: { cause?: unknown } = {}) {
    super(`Storage ${reason}: ${message}`, { cause: options.cause });
    this.reason = reason;
  }
}
