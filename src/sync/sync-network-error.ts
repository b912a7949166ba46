import { SyncError } from './sync-error';

/**
 * The server could not be reached, or the answer was lost on the way (offline, connection reset, timeout). Nothing
 * is known about whether a push arrived; pushes are idempotent, so the client simply sends it again later.
 */
export class SyncNetworkError extends SyncError {
  override readonly name = 'SyncNetworkError';
  readonly code = 'network';
  readonly retryable = true;
  /** `timeout` when the client gave up waiting, `failed` for any other transport failure. */
  readonly reason: 'timeout' | 'failed';

  constructor(reason: 'timeout' | 'failed', options: { cause?: unknown } = {}) {
    super(reason === 'timeout' ? 'The sync server did not answer in time' : 'The sync server cannot be reached', {
      cause: options.cause,
    });
    this.reason = reason;
  }
}
