import { EventSourcingError } from './event-sourcing-error';

/**
 * Raised when an aggregate is asked to apply an event type it does not know. An unknown event is never skipped: that
 * would silently give a wrong state. It means the stored events belong to another aggregate type, or were written by
 * newer code.
 */
export class UnknownEventTypeError extends EventSourcingError {
  override readonly name = 'UnknownEventTypeError';
  readonly code = 'unknown-event-type';
  readonly eventType: string;
  readonly aggregateType: string;

  constructor(options: { eventType: string; aggregateType: string }) {
    super(`${options.aggregateType} cannot apply an event of type ${options.eventType}`);
    this.eventType = options.eventType;
    this.aggregateType = options.aggregateType;
  }
}
