import { map, scan, type Observable } from 'rxjs';
import { isMoneyRequest, requestOf, type CommandEvent, type CommandRequest, type Commands } from '../bank';
import type { Notification } from '../eventsourcing';
import { logTail } from './log-tail';
import type { MoneyRequest } from './money-request';

const COMMAND_TYPES: ReadonlySet<string> = new Set<CommandEvent['type']>([
  'DepositRequested',
  'WithdrawalRequested',
  'TransferRequested',
]);

/** Every deposit, withdrawal and transfer ever asked for, oldest first, growing as commands are recorded. */
export function liveRequests(commands: Commands): Observable<readonly MoneyRequest[]> {
  return logTail(commands.log, 0).pipe(
    map((batch) => batch.filter(isCommandEvent).flatMap(requestFrom)),
    scan((all: readonly MoneyRequest[], added) => all.concat(added), []),
  );
}

function isCommandEvent(notification: Notification): notification is Notification<CommandEvent> {
  return COMMAND_TYPES.has(notification.type);
}

function requestFrom(event: Notification<CommandEvent>): MoneyRequest[] {
  const request: CommandRequest | undefined = moneyRequestOf(event);
  return request === undefined ? [] : [{ ...request, transactionId: event.originatorId, timestamp: event.timestamp }];
}

function moneyRequestOf(event: CommandEvent): CommandRequest | undefined {
  const request = requestOf(event);
  return isMoneyRequest(request) ? request : undefined;
}
