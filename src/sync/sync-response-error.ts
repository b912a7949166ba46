import { SyncError } from './sync-error';

/**
 * The server's answer is not what the protocol says (not JSON, wrong shape, or an acknowledgement below what was
 * sent): a proxy in the way, or a server of another version. Retried later, as a proxy may recover.
 */
export class SyncResponseError extends SyncError {
  override readonly name = 'SyncResponseError';
  readonly code = 'bad-response';
  readonly retryable = true;
  readonly path: string;

  constructor(path: string, problem: string, options: { cause?: unknown } = {}) {
    super(`Unexpected answer from ${path}: ${problem}`, { cause: options.cause });
    this.path = path;
  }
}
