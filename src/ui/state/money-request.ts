import type { CommandRequest } from '../../bank';

/** A request to move money as recorded by `Commands`: its transaction id (= saga id), when, and what. */
export type MoneyRequest = CommandRequest & {
  readonly transactionId: string;
  readonly timestamp: string;
};
