import * as z from 'zod/mini';
import type { Notification } from '../eventsourcing';
import type { CommandEvent } from './command';
import type { RequestConfirmed } from './confirmed-requests';
import type { ConfirmedRequest } from './request-cascade';
import { parseRequest } from './request-schema';

/** The time given to the events of a request whose own time cannot be read: the same on every device. */
const UNREADABLE_TIME = '1970-01-01T00:00:00.000Z';

/** A request as the device that made it sealed it into the vault log. */
const sealedRequestSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(1_000)),
  type: z.string().check(z.maxLength(200)),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

/**
 * The request a notification of the confirmed log carries: a command of this device (when it is its own
 * sequencer) or an entry of the vault log (when it syncs); `undefined` for any other notification. Never throws:
 * whatever cannot be read becomes a request that is refused. An event of a kind this code does not know that names
 * newer rules is a request too (recorded by a newer version of the app, in another tab): the derivation stops at it
 * rather than pass over it.
 */
export function confirmedRequestOf(notification: Notification): ConfirmedRequest | undefined {
  if (notification.type === 'RequestConfirmed') return fromVault(notification as Notification<RequestConfirmed>);
  const parsed = parseRequest(notification.type, notification.data);
  if (!parsed.ok && parsed.newerRules === undefined && !isCommandType(notification.type)) return undefined;
  const { originatorId: requestId, id: seq, timestamp } = notification;
  return { requestId, seq, timestamp, parsed, mayRepeat: false };
}

function fromVault(notification: Notification<RequestConfirmed>): ConfirmedRequest {
  const { seq, request, deviceId, checkpoint } = notification.data;
  const carried = { deviceId, ...(checkpoint === undefined ? {} : { checkpoint }) };
  const sealed = sealedRequestSchema.safeParse(request);
  if (!sealed.success) {
    const problem = request === null ? 'it could not be opened with the vault key' : 'it is not a request';
    const parsed = { ok: false, problem } as const;
    return { requestId: `seq-${seq}`, seq, timestamp: UNREADABLE_TIME, parsed, mayRepeat: true, ...carried };
  }
  const { id, type, timestamp, data } = sealed.data;
  return { requestId: id, seq, timestamp, parsed: parseRequest(type, data), mayRepeat: true, ...carried };
}

const COMMAND_TYPES: ReadonlySet<string> = new Set<CommandEvent['type']>([
  'DepositRequested',
  'WithdrawalRequested',
  'TransferRequested',
  'AccountOpeningRequested',
  'OverdraftLimitChangeRequested',
  'AccountClosingRequested',
]);

function isCommandType(type: string): boolean {
  return COMMAND_TYPES.has(type);
}
