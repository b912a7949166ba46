import { SyncError } from './sync-error';

/**
 * `restore()` was asked to fill applications that already hold events. Restoring is only for a new device (or a
 * cleared one): merging the server's events into a local log would number them twice. Nothing was changed.
 */
export class RestoreNotEmptyError extends SyncError {
  override readonly name = 'RestoreNotEmptyError';
  readonly code = 'restore-not-empty';
  readonly retryable = false;
  readonly applications: readonly string[];

  constructor(applications: readonly string[]) {
    super(`Cannot restore into applications that already hold events: ${applications.join(', ')}`);
    this.applications = applications;
  }
}
