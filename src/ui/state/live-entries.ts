import { map, scan, type Observable } from 'rxjs';
import type { Notification } from '../../eventsourcing';
import type { TransactionLog, TransactionLogged } from '../../bank';
import type { LoggedEntry } from './logged-entry';
import { logTail } from '../use-cases/log-tail';
import { movementNotesOf } from './movement-details';

/** Every line of the transaction log, oldest first, growing as the log grows (in any tab). */
export function liveEntries(transactionLog: TransactionLog): Observable<readonly LoggedEntry[]> {
  return logTail(transactionLog.log, 0).pipe(
    map((batch) => batch.filter(isLogged).map(entryOf)),
    scan((all: readonly LoggedEntry[], added) => all.concat(added), []),
  );
}

function isLogged(notification: Notification): notification is Notification<TransactionLogged> {
  return notification.type === 'TransactionLogged';
}

function entryOf({ id, data }: Notification<TransactionLogged>): LoggedEntry {
  const { accountId, kind, amount, timestamp, transactionId } = data;
  // The note and day of the movement, on lines logged under the rules that carry them.
  const notes = movementNotesOf(data);
  return transactionId === undefined
    ? { position: id, accountId, kind, amount, timestamp, ...notes }
    : { position: id, accountId, kind, amount, timestamp, transactionId, ...notes };
}
