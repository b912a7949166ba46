import { COMMAND_SCHEMAS, Commands, Derivation, EVENT_TYPES } from '../../bank';
import { Mapper } from '../../eventsourcing';
import type { ExportedRequest } from './event-log-file';

/** A stored event as the logs hold it (and as a format version 1 file lists it). */
export interface LoggedEvent {
  readonly id: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly timestamp: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly tracking?: { readonly upstreamName: string; readonly notificationId: number } | undefined;
}

/** Requests recovered from account events were decided under the first rules. */
const FIRST_RULES = 1;

const mapper = new Mapper(COMMAND_SCHEMAS);

/**
 * The requests a device's bank was derived from, in that order, from its `commands` and `accounts` logs.
 *
 * Since every change is a request, that is the `commands` log itself. Before, accounts were opened, given limits and
 * closed straight in the `accounts` log (events written by no follower, so without a tracking stamp), and only money
 * moved through `commands`. Such stores (upgraded from an earlier version) and files of that time give these
 * requests back from the account events: one request per opening, limit and closing, at its place in the accounts
 * log, with a deterministic id (the account id for an opening). Each money request is placed where its first step
 * reached an account; a request the derivation decided (its events stamped with the derivation's tracking) is placed
 * with every earlier request of the `commands` log, in that log's order. What no account event names comes last,
 * in `commands` order.
 *
 * Whether the requests give the same bank again is for the import to check, against the balances it lists.
 */
export function requestLogOf(commands: readonly LoggedEvent[], accounts: readonly LoggedEvent[]): ExportedRequest[] {
  const derived = Derivation.trackingName(Commands.applicationName);
  const byId = new Map(commands.map((command) => [command.originatorId, command]));
  const placed = new Set<string>();
  const log: ExportedRequest[] = [];
  let next = 0;
  const place = (command: LoggedEvent) => {
    if (placed.has(command.originatorId)) return;
    placed.add(command.originatorId);
    const { originatorId: id, type, schemaVersion, timestamp, data } = command;
    log.push({ id, type, schemaVersion, timestamp, data: { ...data } });
  };
  for (const event of accounts) {
    const stamp = event.tracking;
    if (stamp?.upstreamName === derived) {
      for (; next < commands.length && (commands[next]?.id ?? 0) <= stamp.notificationId; next++) {
        const command = commands[next];
        if (command !== undefined) place(command);
      }
      continue;
    }
    const recovered = stamp === undefined ? recoveredRequest(event) : undefined;
    if (recovered !== undefined) {
      log.push(recovered);
      continue;
    }
    const { transactionId } = event.data;
    const command = typeof transactionId === 'string' ? byId.get(transactionId) : undefined;
    if (command !== undefined) place(command);
  }
  for (const command of commands) place(command);
  return log;
}

/** The request behind an account opening, limit or closing that was written without one; `undefined` otherwise. */
function recoveredRequest(event: LoggedEvent): ExportedRequest | undefined {
  const accountId = event.originatorId;
  const request = (type: string, id: string, data: Record<string, unknown>): ExportedRequest => ({
    id,
    type,
    schemaVersion: mapper.versionOf(type),
    timestamp: event.timestamp,
    data: { accountId, ...data, rulesVersion: FIRST_RULES },
  });
  switch (event.type) {
    case 'AccountOpened':
      return request(EVENT_TYPES['account-opening'], accountId, {
        name: event.data.name,
        overdraftLimit: event.data.overdraftLimit,
      });
    case 'OverdraftLimitSet':
      return request(EVENT_TYPES['overdraft-limit'], `${accountId}-v${event.originatorVersion}`, {
        overdraftLimit: event.data.overdraftLimit,
      });
    case 'AccountClosed':
      return request(EVENT_TYPES['account-closing'], `${accountId}-v${event.originatorVersion}`, {});
    default:
      return undefined;
  }
}
