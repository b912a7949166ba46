import { EventSourcingError } from './event-sourcing-error';

/**
 * Raised when a process application records a tracking position that does not follow the stored one for that
 * upstream: the notification was already processed (by this follower before a crash, or by another tab). Nothing of
 * the insert is stored. A runner reads the stored position again and goes on from there, which is what makes
 * processing exactly-once.
 */
export class TrackingConflictError extends EventSourcingError {
  override readonly name = 'TrackingConflictError';
  readonly code = 'tracking-conflict';
  readonly upstreamName: string;
  readonly notificationId: number;
  /** The position the writer believed was stored. */
  readonly expectedPosition: number;
  /** The position actually stored. */
  readonly storedPosition: number;

  constructor(options: {
    upstreamName: string;
    notificationId: number;
    expectedPosition: number;
    storedPosition: number;
  }) {
    super(
      `Tracking conflict on ${options.upstreamName}: expected position ${options.expectedPosition}, ` +
        `found ${options.storedPosition}, while recording ${options.notificationId}`,
    );
    this.upstreamName = options.upstreamName;
    this.notificationId = options.notificationId;
    this.expectedPosition = options.expectedPosition;
    this.storedPosition = options.storedPosition;
  }
}
