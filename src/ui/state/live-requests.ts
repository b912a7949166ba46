import { map, scan, type Observable } from 'rxjs';
import { EVENT_TYPES, requestOf, type CommandEvent, type Commands } from '../../bank';
import type { DomainEvent } from '../../eventsourcing';
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

/** Whether an event of the commands store is a request (and not an event of a kind this code does not know). */
export function isCommandEvent<Event extends DomainEvent>(event: Event): event is Event & CommandEvent {
  return COMMAND_TYPES.has(event.type);
}

/** The request an event of the commands store records, with its id and time. */
export function recordedRequestOf(event: CommandEvent): RecordedRequest {
  return { ...requestOf(event), requestId: event.originatorId, timestamp: event.timestamp };
}
