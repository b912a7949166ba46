import type { CommandRequest } from '../../bank';

/** A request to move money as recorded by `Commands`: its transaction id (= saga id), when, and what. */
export type MoneyRequest = CommandRequest & {
  readonly transactionId: string;
  readonly timestamp: string;
};

/** The requests by their transaction id: how a line of the transaction log finds the request behind it. */
export function requestsByTransaction(requests: readonly MoneyRequest[]): ReadonlyMap<string, MoneyRequest> {
  return new Map(requests.map((request) => [request.transactionId, request]));
}
