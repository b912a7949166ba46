import { EventSourcingError } from './event-sourcing-error';

/**
 * Raised by `save` under a runner that runs followers inside the save (`SyncRunner`) when a follower failed after
 * the saved events were committed: the save itself succeeded and must not be repeated. The follower's error is the
 * `cause`; its notifications stay unprocessed and are taken again by the next run.
 */
export class FollowerError extends EventSourcingError {
  override readonly name = 'FollowerError';
  readonly code = 'follower';
  /** The application whose save was followed. */
  readonly applicationName: string;

  constructor(options: { applicationName: string; cause: unknown }) {
    super(`The events of ${options.applicationName} were stored, but a follower failed`, { cause: options.cause });
    this.applicationName = options.applicationName;
  }
}
