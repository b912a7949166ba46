import { SyncError } from './sync-error';

/** What was wrong with the log the server showed. */
export type LogIntegrityProblem =
  'seq-gap' | 'position-gap' | 'head-backwards' | 'seen-link' | 'handover' | 'undecryptable';

/**
 * The server showed a log this device cannot verify: entries missing, doubled or moved, a head that went back, a
 * history that differs from the one another device saw (a request's remembered chain link does not match), or a
 * request that cannot be opened although the vault key opens the rest. Nothing of what could not be verified was
 * applied and every local request is kept; sync tries again later, so that an honest server lets it carry on.
 */
export class LogIntegrityError extends SyncError {
  override readonly name = 'LogIntegrityError';
  readonly code = 'log-integrity';
  readonly retryable = true;
  readonly problem: LogIntegrityProblem;
  /** The `seq` where it was found. */
  readonly seq: number;

  constructor(problem: LogIntegrityProblem, seq: number, detail: string) {
    super(`The sync server's log cannot be trusted at entry ${seq}: ${detail}`);
    this.problem = problem;
    this.seq = seq;
  }
}
