import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';
import type { BankErrorData } from './bank-error-data';
import type { CommandRequest } from './command';
import { detailsOf, type MovementDetails } from './movement-details';

/** Where a saga is: still moving, done, giving money back, or ended without moving any. */
export type SagaStatus = 'pending' | 'succeeded' | 'compensating' | 'failed';

/** The saga of a command began: the request it carries out. */
export type SagaStarted = DomainEvent<
  'SagaStarted',
  MovementDetails & {
    readonly kind: CommandRequest['kind'];
    readonly debitAccountId: string | null;
    readonly creditAccountId: string | null;
    readonly amount: number;
    /**
     * The request's position in the confirmed order of requests that started the saga; absent on sagas started by
     * the pipeline that preceded the derivation.
     */
    readonly requestSeq?: number;
  }
>;
/** A transfer's debit went through: now the credit account must be credited. */
export type SagaCreditRequired = DomainEvent<
  'SagaCreditRequired',
  { readonly creditAccountId: string; readonly amount: number }
>;
/** A transfer's credit was refused after its debit: the debit account must get its money back. */
export type SagaRefundRequired = DomainEvent<
  'SagaRefundRequired',
  { readonly debitAccountId: string; readonly amount: number; readonly error: BankErrorData }
>;
/** Every step went through. */
export type SagaSucceeded = DomainEvent<'SagaSucceeded', Readonly<Record<string, never>>>;
/** The saga ended without moving money: refused (`error`), or refunded after a refused credit (`error` null). */
export type SagaFailed = DomainEvent<'SagaFailed', { readonly error: BankErrorData | null }>;

/** Every event of a saga. */
export type SagaEvent = SagaStarted | SagaCreditRequired | SagaRefundRequired | SagaSucceeded | SagaFailed;

/** The state of a saga: plain JSON. The note and date of its request, under the second rules and after. */
export type SagaState = MovementDetails & {
  readonly kind: CommandRequest['kind'];
  readonly debitAccountId: string | null;
  readonly creditAccountId: string | null;
  readonly amount: number;
  readonly status: SagaStatus;
  /** For a transfer: whether the debit went through. */
  readonly debited: boolean;
  readonly errors: readonly BankErrorData[];
  readonly requestSeq: number | null;
};

/**
 * Carries out one command step by step (the original's deposit, withdrawal and transfer sagas in one state machine).
 *
 * Invariants:
 * - A deposit succeeds when its credit lands and fails with the refusal otherwise; likewise a withdrawal and its
 *   debit.
 * - A transfer debits first; only a debit that went through asks for the credit. A refused credit asks for a
 *   refund (status `compensating`, the credit's error kept); the refund cannot be refused, and when it lands the saga
 *   ends `failed` with exactly the credit's error. So a transfer either moves its amount or, in the end, nothing.
 * - Account events that do not match the step the saga waits for change nothing: a saga reacts to each step once.
 * - Once `succeeded` or `failed`, a saga never changes again.
 */
export class Saga extends Aggregate<SagaState, SagaEvent> {
  static readonly aggregateType = 'Saga';

  constructor(id: string, clock?: Clock) {
    super(
      id,
      {
        kind: 'deposit',
        debitAccountId: null,
        creditAccountId: null,
        amount: 0,
        status: 'pending',
        debited: false,
        errors: [],
        requestSeq: null,
      },
      clock,
    );
  }

  /**
   * Starts the saga of a command, with the command's id; `requestSeq` is the request's position in the confirmed
   * order (null for a saga shown before it is confirmed).
   */
  static start(id: string, request: CommandRequest, requestSeq: number | null, clock?: Clock): Saga {
    const saga = new Saga(id, clock);
    saga.trigger('SagaStarted', {
      kind: request.kind,
      debitAccountId: request.kind === 'deposit' ? null : request.debitAccountId,
      creditAccountId: request.kind === 'withdrawal' ? null : request.creditAccountId,
      amount: request.amount,
      ...(requestSeq === null ? {} : { requestSeq }),
      ...detailsOf(request),
    });
    return saga;
  }

  /** The note of its request, if it had one. */
  get note(): string | undefined {
    return this.state.note;
  }

  /** The day its request said the movement happened (set for requests of the second rules and after). */
  get occurredOn(): string | undefined {
    return this.state.occurredOn;
  }

  get status(): SagaStatus {
    return this.state.status;
  }

  /** The position of the request that started it in the confirmed order; null if unknown. */
  get requestSeq(): number | null {
    return this.state.requestSeq;
  }

  /** The account `accountId` was debited for this saga. */
  onDebited(accountId: string): void {
    const { kind, status, debitAccountId, creditAccountId, amount, debited } = this.state;
    if (status !== 'pending' || accountId !== debitAccountId || debited) return;
    if (kind === 'withdrawal') this.trigger('SagaSucceeded', {});
    else if (kind === 'transfer' && creditAccountId !== null)
      this.trigger('SagaCreditRequired', { creditAccountId, amount });
  }

  /** The account `accountId` was credited for this saga. */
  onCredited(accountId: string): void {
    const { kind, status, creditAccountId, debited } = this.state;
    if (status !== 'pending' || accountId !== creditAccountId) return;
    if (kind === 'deposit' || (kind === 'transfer' && debited)) this.trigger('SagaSucceeded', {});
  }

  /** The debit account got its money back after a refused credit. */
  onRefunded(accountId: string): void {
    if (this.state.status === 'compensating' && accountId === this.state.debitAccountId) {
      this.trigger('SagaFailed', { error: null });
    }
  }

  /** A step of this saga was refused, by the account `accountId` (or because no such account exists). */
  onRefused(accountId: string, error: BankErrorData): void {
    const { kind, status, debitAccountId, creditAccountId, amount, debited } = this.state;
    if (status !== 'pending') return;
    if (kind === 'transfer' && debited) {
      if (accountId === creditAccountId && debitAccountId !== null) {
        this.trigger('SagaRefundRequired', { debitAccountId, amount, error });
      }
      return;
    }
    if (accountId === (kind === 'deposit' ? creditAccountId : debitAccountId)) this.trigger('SagaFailed', { error });
  }

  protected evolve(state: SagaState, event: SagaEvent): SagaState {
    switch (event.type) {
      case 'SagaStarted': {
        const { requestSeq = null, ...data } = event.data;
        return { ...state, ...data, requestSeq, status: 'pending' };
      }
      case 'SagaCreditRequired':
        return { ...state, debited: true };
      case 'SagaRefundRequired':
        return { ...state, status: 'compensating', errors: [...state.errors, event.data.error] };
      case 'SagaSucceeded':
        return { ...state, status: 'succeeded' };
      case 'SagaFailed':
        return {
          ...state,
          status: 'failed',
          errors: event.data.error === null ? state.errors : [...state.errors, event.data.error],
        };
      default:
        return this.unknownEvent(event);
    }
  }
}
