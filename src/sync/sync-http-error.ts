import { SyncError } from './sync-error';

/**
 * The server refused a request with an error status (other than a conflict, see `SyncConflictError`). `errorCode`
 * is the server's `error` field. 429 and 5xx are worth retrying (after `retryAfterSeconds` when given); 400, 401 and
 * 413 are not: the request or the token must change first.
 */
export class SyncHttpError extends SyncError {
  override readonly name = 'SyncHttpError';
  readonly code = 'http';
  readonly status: number;
  readonly errorCode: string;
  readonly retryAfterSeconds: number | undefined;
  /** The facts the server gave with its answer (e.g. the position a `position-gap` expected). */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly retryable: boolean;

  constructor(options: {
    status: number;
    errorCode: string;
    message: string;
    retryAfterSeconds?: number;
    details?: Readonly<Record<string, unknown>>;
  }) {
    super(`The sync server answered ${options.status} ${options.errorCode}: ${options.message}`);
    this.status = options.status;
    this.errorCode = options.errorCode;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.retryable = options.status === 429 || options.status >= 500;
  }
}
