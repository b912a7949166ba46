import { map, scan, type Observable } from 'rxjs';
import { requestOf, type CommandEvent, type Commands } from '../bank';
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
    map((batch) => batch.filter(isCommandEvent).map(requestFrom)),
    scan((all: readonly MoneyRequest[], added) => all.concat(added), []),
  );
}

function isCommandEvent(notification: Notification): notification is Notification<CommandEvent> {
  return COMMAND_TYPES.has(notification.type);
}

function requestFrom(event: Notification<CommandEvent>): MoneyRequest {
  return { ...requestOf(event), transactionId: event.originatorId, timestamp: event.timestamp };
}
