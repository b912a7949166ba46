import { SyncError } from './sync-error';

/**
 * The server holds something else where this device's events would go (409): another device already wrote that
 * version of the aggregate (`version-conflict`), or this device's position holds other content
 * (`position-conflict`). The client stops pushing that application and keeps every local event; a person has to
 * decide (for example restore this device from the server, or move to a new vault).
 */
export class SyncConflictError extends SyncError {
  override readonly name = 'SyncConflictError';
  readonly code = 'conflict';
  readonly retryable = false;
  readonly application: string;
  readonly errorCode: 'version-conflict' | 'position-conflict';
  /** The server's facts: the aggregate id and version, the device and position that hold them. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(options: {
    application: string;
    errorCode: 'version-conflict' | 'position-conflict';
    message: string;
    details: Readonly<Record<string, unknown>>;
  }) {
    super(`Sync conflict in ${options.application}: ${options.message}`);
    this.application = options.application;
    this.errorCode = options.errorCode;
    this.details = options.details;
  }
}
