import type { DomainEvent } from '../eventsourcing';
import { fromErrorData, isBankErrorData } from './bank-error-data';
import type { BankError } from './bank-error';
import type { InspectedStatus } from './inspected-request';

/**
 * How a request was decided, read from the events of its outcome in `Sagas` (its saga, or its `RequestOutcome`):
 * a saga that succeeded is done; one that needed a refund ended refunded, with the refused credit's reason; one
 * that failed otherwise was refused. No outcome yet is pending; an outcome kept for another position of the log
 * than `seq` (a request that reused an earlier id) makes this one a replay.
 */
export function decidedStatus(
  events: readonly DomainEvent[],
  seq: number | null,
): { readonly status: InspectedStatus; readonly error: BankError | null } {
  const [first] = events;
  if (first === undefined) return { status: 'pending', error: null };
  const requestSeq = first.data.requestSeq;
  if (seq !== null && typeof requestSeq === 'number' && requestSeq !== seq) return { status: 'replay', error: null };
  if (first.type === 'RequestDecided') {
    const error = errorOf(first.data.error);
    return { status: error === null ? 'done' : 'refused', error };
  }
  const refund = events.find((event) => event.type === 'SagaRefundRequired');
  const end = events.find((event) => event.type === 'SagaSucceeded' || event.type === 'SagaFailed');
  if (end === undefined) return { status: 'pending', error: null };
  if (end.type === 'SagaSucceeded') return { status: 'done', error: null };
  if (refund !== undefined) return { status: 'refunded', error: errorOf(refund.data.error) };
  return { status: 'refused', error: errorOf(end.data.error) };
}

function errorOf(data: unknown): BankError | null {
  return isBankErrorData(data) ? fromErrorData(data) : null;
}
