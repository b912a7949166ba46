import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';
import type { BankErrorData } from './bank-error-data';

/**
 * A step of a transaction was refused by no account at all: the command named an account that does not exist, so
 * the refusal cannot be recorded on it. Recorded by `Accounts` so that the saga learns of it and ends `failed`
 * (the original system stalled for ever here).
 */
export type TransactionRefused = DomainEvent<
  'TransactionRefused',
  { readonly accountId: string; readonly transactionId: string; readonly error: BankErrorData }
>;

type TransactionRefusalState = { readonly refused: boolean };

/** The record of a refusal by an unknown account: one per transaction and account. */
export class TransactionRefusal extends Aggregate<TransactionRefusalState, TransactionRefused> {
  static readonly aggregateType = 'TransactionRefusal';

  constructor(id: string, clock?: Clock) {
    super(id, { refused: false }, clock);
  }

  /** The id of the refusal of `accountId` in `transactionId`: a second one for the same pair would conflict. */
  static idFor(transactionId: string, accountId: string): string {
    return `refusal:${transactionId}:${accountId}`;
  }

  static record(accountId: string, transactionId: string, error: BankErrorData, clock?: Clock): TransactionRefusal {
    const refusal = new TransactionRefusal(TransactionRefusal.idFor(transactionId, accountId), clock);
    refusal.trigger('TransactionRefused', { accountId, transactionId, error });
    return refusal;
  }

  protected evolve(_state: TransactionRefusalState, event: TransactionRefused): TransactionRefusalState {
    switch (event.type) {
      case 'TransactionRefused':
        return { refused: true };
      default:
        return this.unknownEvent(event.type);
    }
  }
}
