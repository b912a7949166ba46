import type { TransactionEntry } from '../../bank';

/** A line of the transaction log with its position in the log (stable, increasing: a key for lists). */
export interface LoggedEntry extends TransactionEntry {
  readonly position: number;
}
