import { map, scan, type Observable } from 'rxjs';
import { EVENT_TYPES, requestOf, type CommandEvent, type Commands } from '../../bank';
import type { Notification } from '../../eventsourcing';
import { logTail } from '../use-cases/log-tail';
import type { RecordedRequest } from './recorded-request';

const COMMAND_TYPES: ReadonlySet<string> = new Set<string>(Object.values(EVENT_TYPES));

/** Every request this device made (money, openings, limits, closings), oldest first, growing as they are recorded. */
export function liveRequests(commands: Commands): Observable<readonly RecordedRequest[]> {
  return logTail(commands.log, 0).pipe(
    map((batch) => batch.filter(isCommandEvent).map(recordedRequestOf)),
    scan((all: readonly RecordedRequest[], added) => all.concat(added), []),
  );
}

function isCommandEvent(notification: Notification): notification is Notification<CommandEvent> {
  return COMMAND_TYPES.has(notification.type);
}

function recordedRequestOf(event: Notification<CommandEvent>): RecordedRequest {
  return { ...requestOf(event), requestId: event.originatorId, timestamp: event.timestamp };
}
