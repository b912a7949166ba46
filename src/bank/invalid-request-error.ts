import { BankError } from './bank-error';

/**
 * A request in the log that cannot be decided as it stands: its data does not match its kind's schema (a string
 * amount, an unknown kind, a field out of range), or it names an account that already exists as a new one. It is
 * refused, in the same way on every device, and the requests after it are decided as usual. Nothing changed; the
 * request came from a device running other code (or from a forger holding the vault's key).
 */
export class InvalidRequestError extends BankError {
  override readonly name = 'InvalidRequestError';
  readonly code = 'invalid-request';
  /** The request's id. */
  readonly requestId: string;
  /** What is wrong with it, in words. */
  readonly problem: string;

  constructor(options: { requestId: string; problem: string }) {
    super(`Request ${options.requestId} cannot be decided: ${options.problem}`);
    this.requestId = options.requestId;
    this.problem = options.problem;
  }
}
