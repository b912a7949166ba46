import { SyncError, isSyncError } from './sync-error';

/**
 * Reading the local event log or the sync state failed (IndexedDB closed, quota, …). The original error is the
 * `cause`. Nothing was acknowledged twice or lost: the cursor only moves after a successful write.
 */
export class LocalStoreError extends SyncError {
  override readonly name = 'LocalStoreError';
  readonly code = 'local-store';
  readonly retryable = true;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`Local storage failed during sync: ${message}`, { cause: options.cause });
  }

  /** Runs local storage work, turning any failure that is not already a `SyncError` into a `LocalStoreError`. */
  static async wrap<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isSyncError(error)) throw error;
      throw new LocalStoreError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}
