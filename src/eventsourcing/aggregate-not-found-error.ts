import { EventSourcingError } from './event-sourcing-error';

/** Raised when a repository finds no stored event (and no snapshot) for an aggregate id. */
export class AggregateNotFoundError extends EventSourcingError {
  override readonly name = 'AggregateNotFoundError';
  readonly code = 'aggregate-not-found';
  readonly originatorId: string;

  constructor(originatorId: string) {
    super(`No aggregate with id ${originatorId}`);
    this.originatorId = originatorId;
  }
}
