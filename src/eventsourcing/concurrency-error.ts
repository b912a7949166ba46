import { EventSourcingError } from './event-sourcing-error';

/**
 * Raised when an insert would store a second event at an `(originatorId, originatorVersion)` that is already taken:
 * somebody else (another tab, another follower) changed the aggregate since it was loaded. Nothing of the insert is
 * stored. The caller reloads the aggregate and decides again, or tells the person that the data changed.
 */
export class ConcurrencyError extends EventSourcingError {
  override readonly name = 'ConcurrencyError';
  readonly code = 'concurrency';
  readonly originatorId: string | undefined;
  readonly originatorVersion: number | undefined;

  constructor(options: { originatorId?: string; originatorVersion?: number; cause?: unknown } = {}) {
    const at =
      options.originatorId === undefined ? '' : ` ${options.originatorId} at version ${options.originatorVersion}`;
    super(`Concurrent change: an event is already stored for aggregate${at}`, { cause: options.cause });
    this.originatorId = options.originatorId;
    this.originatorVersion = options.originatorVersion;
  }
}
