import type { BankError } from './bank-error';
import { fromErrorData } from './bank-error-data';
import { detailsOf } from './movement-details';
import type { Saga, SagaStatus } from './saga';

/** What the bank shows of a saga through its public API. Amounts in cents. */
export interface SagaView {
  readonly id: string;
  readonly kind: 'deposit' | 'withdrawal' | 'transfer';
  readonly status: SagaStatus;
  /** Rebuilt from stored data: the same class, code and fields as when raised. */
  readonly errors: BankError[];
  readonly debitAccountId?: string;
  readonly creditAccountId?: string;
  readonly amount: number;
  /** The note of its request (requests of the second rules and after may have one). */
  readonly note?: string;
  /** The day its request said it happened, `YYYY-MM-DD` (requests of the second rules and after). */
  readonly occurredOn?: string;
}

/** The view of a saga as loaded. */
export function sagaView(saga: Saga): SagaView {
  const { kind, status, errors, debitAccountId, creditAccountId, amount } = saga.state;
  return {
    id: saga.id,
    kind,
    status,
    errors: errors.map(fromErrorData),
    ...(debitAccountId === null ? {} : { debitAccountId }),
    ...(creditAccountId === null ? {} : { creditAccountId }),
    amount,
    ...detailsOf(saga.state),
  };
}
