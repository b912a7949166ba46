/**
 * The database cannot be reached: refused or lost connections, a server shutting down or starting up, no free
 * connection in time. Raised by the SQL clients in place of the driver's own error; the API answers it with
 * `503 unavailable` and `Retry-After`. The request may be retried as is once the database is back: a transaction
 * that failed this way either committed or left nothing (a push re-sent after a lost answer is idempotent).
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  readonly code = 'storage-unavailable';

  constructor(options: { cause: unknown }) {
    super('The database is unavailable', options);
  }
}
