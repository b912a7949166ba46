import type { BankError, BankRequestKind, SagaView } from '../../bank';
import { describeBankError } from '../format/describe-bank-error';
import { describeRefusalAfterSync } from '../format/describe-refusal-after-sync';
import type { MoneyFormat } from '../format/money-format';
import { sagaStatusLabel } from '../format/saga-status-label';

/** How a request stands, as a badge and, when it was refused, why in words. */
export interface RequestStatus {
  readonly label: string;
  /** The badge's look: a saga status, or `waiting` for a request that has not been synced yet. */
  readonly tone: 'waiting' | 'pending' | 'succeeded' | 'compensating' | 'failed';
  readonly reason?: string;
}

/** What a request's status depends on besides its outcome. */
export interface RequestStatusContext {
  /** Whether this device syncs: its requests are then decided in the vault's order. */
  readonly syncing: boolean;
  /** The ids of this device's requests that are still waiting to sync. */
  readonly pendingIds: ReadonlySet<string>;
  readonly nameOf: (accountId: string) => string;
  readonly format: MoneyFormat;
}

/**
 * The status of a request to move money: "Waiting to sync" until the vault has it and this device derived it; then
 * its saga's status. A refusal says why: on a device that syncs, as decided in the vault's order ("Refused after
 * syncing: …"), which is where another device's requests can get in the way.
 */
export function moneyRequestStatus(
  request: { readonly transactionId: string; readonly kind: BankRequestKind },
  saga: SagaView | undefined,
  context: RequestStatusContext,
): RequestStatus | undefined {
  if (context.syncing && context.pendingIds.has(request.transactionId)) {
    return { label: 'Waiting to sync', tone: 'waiting' };
  }
  if (saga === undefined) return undefined;
  const error = saga.errors.at(-1);
  if (saga.status === 'succeeded' || error === undefined) {
    return { label: sagaStatusLabel(saga.status), tone: saga.status };
  }
  if (!context.syncing) {
    return {
      label: sagaStatusLabel(saga.status),
      tone: saga.status,
      reason: describeBankError(error, context.nameOf, context.format),
    };
  }
  return {
    label: saga.status === 'failed' ? 'Refused' : sagaStatusLabel(saga.status),
    tone: saga.status,
    reason: refusal(error, request.kind, context),
  };
}

function refusal(error: BankError, kind: BankRequestKind, context: RequestStatusContext): string {
  return describeRefusalAfterSync(error, kind, context.nameOf, context.format);
}
