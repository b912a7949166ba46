import { EventSourcingError } from './event-sourcing-error';

/**
 * Raised when an insert names the head its log must have (`expectedHead`) and the log has moved past it: somebody
 * else (another tab) committed into the same application meanwhile, so the ids the writer worked out in advance for
 * its events are taken. Nothing of the insert is stored; the writer commits its events without that expectation.
 */
export class HeadConflictError extends EventSourcingError {
  override readonly name = 'HeadConflictError';
  readonly code = 'head-conflict';
  /** The head the writer believed its log had. */
  readonly expectedHead: number;
  /** The head actually stored. */
  readonly storedHead: number;

  constructor(options: { expectedHead: number; storedHead: number }) {
    super(`Head conflict: expected the log to end at ${options.expectedHead}, found ${options.storedHead}`);
    this.expectedHead = options.expectedHead;
    this.storedHead = options.storedHead;
  }
}
