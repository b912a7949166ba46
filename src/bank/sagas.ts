import { concatMap, filter, firstValueFrom } from 'rxjs';
import {
  AggregateNotFoundError,
  ProcessApplication,
  type Clock,
  type Notification,
  type Persistence,
  type ProcessingContext,
} from '../eventsourcing';
import { isAccountEvent } from './account-event';
import type { BankErrorData } from './bank-error-data';
import { isMoneyRequest, requestOf, type CommandEvent } from './command';
import { Commands } from './commands';
import { OpeningOrder } from './opening-order';
import { RequestOutcome } from './request-outcome';
import { Saga } from './saga';
import { sagaView, type SagaView } from './saga-view';
import type { TransactionRefused } from './transaction-refusal';

export interface SagasOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
  /** Where commands are recorded: a saga not started yet is shown `pending` from its command. */
  readonly commands?: Commands;
}

/**
 * The outcome of every request, derived from the confirmed requests (`Derivation`): a saga for each money movement,
 * a `RequestOutcome` for every other request. Its store and log are named `sagas`.
 *
 * Invariants:
 * - A saga's id is its command's id, and so the transaction id of every account event it causes.
 * - Its policy only finishes work that the pipeline of process applications, which preceded the derivation, left in
 *   flight (`finishLegacyPipeline`): account events without a transaction id are ignored there, as are events of
 *   transactions whose saga does not exist here.
 */
export class Sagas extends ProcessApplication {
  static readonly applicationName = 'sagas';
  readonly #commands: Commands | undefined;
  readonly #starts: OpeningOrder;

  constructor(options: SagasOptions) {
    super({
      name: Sagas.applicationName,
      persistence: options.persistence,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.#commands = options.commands;
    this.#starts = new OpeningOrder(this.log, 'SagaStarted');
  }

  /**
   * The saga of a transaction. One whose command is recorded but not yet picked up is `pending`; an id that names
   * no command rejects with `AggregateNotFoundError`. `cached` (for views the log keeps current): start from the saga
   * as this application last saved it, without a transaction when nothing was stored for it since (`LoadOptions`).
   */
  async getSaga(transactionId: string, options: { readonly cached?: boolean } = {}): Promise<SagaView> {
    if (typeof transactionId !== 'string') throw new AggregateNotFoundError(String(transactionId));
    const saga = await this.repository.find(Saga, transactionId, options.cached === true ? { cached: true } : {});
    if (saga !== undefined) return sagaView(saga);
    const [requested] = (await this.#commands?.recorder.selectEvents(transactionId, { upTo: 1 })) ?? [];
    if (requested === undefined) throw new AggregateNotFoundError(transactionId);
    const command = this.#commands?.mapper.toDomainEvent<CommandEvent>(requested);
    const request = command === undefined ? undefined : requestOf(command);
    if (request === undefined || !isMoneyRequest(request)) throw new AggregateNotFoundError(transactionId);
    return sagaView(Saga.start(transactionId, request, null));
  }

  /**
   * Resolves with how a request that is not a money movement was decided (null: done; otherwise its refusal) once
   * that is derived, in this tab or another; for a money movement, once its saga has ended, with its last error.
   */
  outcomeOf(requestId: string): Promise<BankErrorData | null> {
    return firstValueFrom(
      this.log.head$.pipe(
        concatMap(() => this.#decided(requestId)),
        filter((outcome): outcome is { error: BankErrorData | null } => outcome !== undefined),
      ),
    ).then(({ error }) => error);
  }

  async #decided(requestId: string): Promise<{ error: BankErrorData | null } | undefined> {
    // The first event says which kind of outcome the id names (a saga, or another request's outcome).
    const [first] = await this.recorder.selectEvents(requestId, { upTo: 1 });
    if (first === undefined) return undefined;
    if (first.type === 'RequestDecided') return { error: (await this.repository.get(RequestOutcome, requestId)).error };
    const saga = await this.repository.get(Saga, requestId);
    if (saga.status === 'pending' || saga.status === 'compensating') return undefined;
    return { error: saga.state.errors.at(-1) ?? null };
  }

  /** Every saga, oldest first. */
  async listSagas(): Promise<SagaView[]> {
    const ids = await this.#starts.ids();
    return Promise.all(ids.map(async (id) => sagaView(await this.repository.get(Saga, id))));
  }

  /** Carries on the work of the pipeline that preceded the derivation (see `finishLegacyPipeline`). */
  protected async policy(notification: Notification, context: ProcessingContext): Promise<void> {
    if (isCommandEvent(notification)) {
      const request = requestOf(notification);
      if (isMoneyRequest(request)) context.collect(Saga.start(notification.originatorId, request, null, this.clock));
      return;
    }
    if (notification.type === 'TransactionRefused') {
      const { accountId, transactionId, error } = (notification as Notification<TransactionRefused>).data;
      (await context.find(Saga, transactionId))?.onRefused(accountId, error);
      return;
    }
    if (!isAccountEvent(notification)) return;
    const event = notification;
    switch (event.type) {
      case 'AccountDebited':
      case 'AccountCredited':
      case 'AccountRefunded': {
        const { transactionId } = event.data;
        if (transactionId === undefined) return;
        const saga = await context.find(Saga, transactionId);
        if (event.type === 'AccountDebited') saga?.onDebited(event.originatorId);
        else if (event.type === 'AccountCredited') saga?.onCredited(event.originatorId);
        else saga?.onRefunded(event.originatorId);
        return;
      }
      case 'AccountRefusalRecorded':
        (await context.find(Saga, event.data.transactionId))?.onRefused(event.originatorId, event.data.error);
        return;
      default:
        return;
    }
  }
}

const COMMAND_EVENT_TYPES: ReadonlySet<string> = new Set<CommandEvent['type']>([
  'DepositRequested',
  'WithdrawalRequested',
  'TransferRequested',
]);

function isCommandEvent(notification: Notification): notification is Notification<CommandEvent> {
  return COMMAND_EVENT_TYPES.has(notification.type);
}
