import type { Application, DomainEvent, Notification } from '../eventsourcing';
import type { Accounts } from './accounts';
import type { Commands } from './commands';
import type { ConfirmedEntry, ConfirmedRequests } from './confirmed-requests';
import { confirmedRequestOf } from './confirmed-request-of';
import { decidedStatus } from './decided-status';
import type { Derivation } from './derivation';
import type {
  InspectedEvents,
  InspectedPage,
  InspectedRequest,
  InspectedStatus,
  InspectorFilter,
} from './inspected-request';
import { GENERAL_LEDGER_ID } from './ledger';
import type { LedgerService } from './ledger-service';
import type { ConfirmedRequest } from './request-cascade';
import { requestAccounts } from './request-accounts';
import { RequestTrail, type RequestTrace, type TracedOutcome } from './request-trail';
import type { Sagas } from './sagas';
import { TRANSACTION_JOURNAL_ID } from './transaction-journal';
import type { TransactionLog } from './transaction-log';

/** What the inspector reads: the bank's applications (it writes into none of them). */
export interface RequestInspectorOptions {
  readonly commands: Commands;
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  readonly derivation: Derivation;
  /** The vault log, when the bank is derived from it. */
  readonly confirmedRequests?: ConfirmedRequests;
  /** This device's id in the vault, when it syncs: its requests that the vault log does not hold yet are pending. */
  readonly deviceId?: string;
}

/** Positions read at a time while a filter skips requests. */
const SCAN_CHUNK = 200;
/** Positions a page reads at most before it stops and hands back where it got to. */
const MAX_SCAN = 5_000;
/** Versions between two wanted ranges of an aggregate that are read anyway, to read them at once. */
const MERGE_GAP = 50;

/** A request of the log with what is known of it before its events are read. */
interface Row {
  readonly notification: Notification;
  readonly request: ConfirmedRequest;
  readonly trace: RequestTrace | undefined;
}

/**
 * The read model of the inspector: every request in the confirmed order with what it caused, read on demand by
 * position, page by page, newest first; and this device's pending requests. Read-only: it records nothing and
 * holds no state of the bank.
 *
 * How a request's events are found: the derivation keeps a trail (`RequestTrail`, one trace per position, written
 * with the accounts) of the versions each request wrote; a page is one range read of the log, one of the trail,
 * one of each account, of the ledger and of the journal it touched, and one read of each request's outcome.
 * Requests derived before the trail existed show their outcome, not their other events.
 */
export class RequestInspector {
  readonly #options: RequestInspectorOptions;
  #firstTraced: number | undefined;

  constructor(options: RequestInspectorOptions) {
    this.#options = options;
  }

  /** Whether the confirmed order is the vault's (the device syncs) rather than this device's own. */
  get syncs(): boolean {
    return this.#options.confirmedRequests !== undefined;
  }

  /** The log of the confirmed order. */
  get #upstream(): Application {
    return this.#options.confirmedRequests ?? this.#options.commands;
  }

  /**
   * A page of the confirmed order, newest first: up to `limit` requests before position `before` (all, when
   * absent) that pass the filter. A page reads at most a few thousand positions; when a filter found fewer
   * requests in them, `next` says where to go on.
   */
  async page(options: { before?: number; limit?: number; filter?: InspectorFilter } = {}): Promise<InspectedPage> {
    const { limit = 25, filter = {} } = options;
    const head = await this.#upstream.log.maxNotificationId();
    let end = Math.min(options.before ?? head + 1, head + 1) - 1;
    const filtered = filter.accountId !== undefined || filter.status !== undefined;
    const chunk = filtered ? SCAN_CHUNK : limit;
    const found: { row: Row; events: readonly DomainEvent[] }[] = [];
    let scanned = 0;
    while (end >= 1 && found.length < limit && scanned < MAX_SCAN) {
      const start = Math.max(1, end - chunk + 1);
      const rows = await this.#rows(start, end);
      scanned += end - start + 1;
      end = start - 1;
      // The trace says how a request ended; only the requests without one need their outcome read to filter.
      const candidates = rows.reverse().filter((row) => {
        if (!involves(row.request, filter.accountId)) return false;
        return filter.status === undefined || row.trace === undefined || matches(statusOf(row.trace), filter.status);
      });
      while (candidates.length > 0 && found.length < limit) {
        const slice = candidates.splice(0, limit - found.length);
        const outcomes = await Promise.all(slice.map((row) => this.#outcomeEvents(row.request.requestId)));
        for (const [index, row] of slice.entries()) {
          const events = outcomes[index] ?? [];
          if (filter.status === undefined || matches(this.#status(row, events), filter.status)) {
            found.push({ row, events });
          }
        }
      }
    }
    const requests = await this.#inspect(found);
    const last = found.at(-1)?.row.notification.id;
    const next = found.length === limit && last !== undefined ? (last > 1 ? last : null) : end >= 1 ? end + 1 : null;
    return { requests, next, head };
  }

  /**
   * This device's requests that are not decided in the confirmed order yet, newest first (up to `limit`): those
   * after the derivation's position, or, when the device syncs, after its last request the vault log holds.
   */
  async pending(options: { limit?: number; filter?: InspectorFilter } = {}): Promise<InspectedRequest[]> {
    const { limit = 100, filter = {} } = options;
    if (filter.status !== undefined && filter.status !== 'pending') return [];
    const { commands, derivation, confirmedRequests, deviceId } = this.#options;
    const after =
      confirmedRequests === undefined
        ? await derivation.position(commands.name)
        : deviceId === undefined
          ? 0
          : ((await confirmedRequests.state()).positions[deviceId] ?? 0);
    const head = await commands.log.maxNotificationId();
    const start = Math.max(after + 1, head - limit * 2 + 1);
    const pending: InspectedRequest[] = [];
    for (const notification of (await commands.log.select(start, head - start + 1)).reverse()) {
      const request = confirmedRequestOf(notification);
      if (request === undefined || !involves(request, filter.accountId)) continue;
      // A request this device derived itself before it began syncing is decided, though no vault holds it yet.
      if ((await this.#outcomeEvents(request.requestId)).length > 0) continue;
      pending.push({
        ...describe(request, null, null),
        mine: true,
        status: 'pending',
        error: null,
        events: null,
        balancesAfter: [],
        link: null,
        verified: false,
      });
      if (pending.length === limit) break;
    }
    return pending;
  }

  /** The devices of the vault in the order their first requests appear in the log; none without sync. */
  async devices(): Promise<{ readonly deviceId: string; readonly name?: string }[]> {
    const state = await this.#options.confirmedRequests?.state();
    if (state === undefined) return [];
    // The log adds each device to `positions` when its first request appears, and objects keep that order.
    return Object.keys(state.positions).map((deviceId) => {
      const name = state.names?.[deviceId];
      return name === undefined ? { deviceId } : { deviceId, name };
    });
  }

  /**
   * Every request of the confirmed order and every pending one, as stored here, opened: for a bug report. It reads
   * the whole log, so only on the person's demand.
   */
  async requestLog(): Promise<{ confirmed: unknown[]; pending: unknown[] }> {
    const confirmed: unknown[] = [];
    const log = this.#upstream.log;
    for (let start = 1; ;) {
      const page = await log.select(start, 1_000);
      const last = page.at(-1);
      if (last === undefined) break;
      for (const notification of page) confirmed.push(logEntryOf(notification));
      start = last.id + 1;
    }
    const pending = (await this.pending({ limit: 10_000 })).map(({ requestId, timestamp, request, problem }) => ({
      requestId,
      timestamp,
      request,
      ...(problem === undefined ? {} : { problem }),
    }));
    return { confirmed, pending };
  }

  /** The requests at positions `start` to `end` and their traces. */
  async #rows(start: number, end: number): Promise<Row[]> {
    const [notifications, traces] = await Promise.all([
      this.#upstream.log.select(start, end - start + 1),
      this.#traces(start, end),
    ]);
    const rows: Row[] = [];
    for (const notification of notifications) {
      if (notification.id > end) break;
      const request = confirmedRequestOf(notification);
      if (request !== undefined) rows.push({ notification, request, trace: traces.get(notification.id) });
    }
    return rows;
  }

  /** The traces of positions `start` to `end`, by position (none for positions derived before the trail, or not yet). */
  async #traces(start: number, end: number): Promise<Map<number, RequestTrace>> {
    const traces = new Map<number, RequestTrace>();
    const first = await this.#firstTracedSeq();
    if (first === undefined || end < first) return traces;
    const { accounts } = this.#options;
    const stored = await accounts.recorder.selectEvents(RequestTrail.id, {
      after: Math.max(start, first) - first,
      upTo: end - first + 1,
    });
    for (const event of stored) {
      const trace = event.data as RequestTrace;
      // Version and position go together from the trail's first trace on; anything else is not trusted.
      if (trace.seq === first + event.originatorVersion - 1) traces.set(trace.seq, trace);
    }
    return traces;
  }

  /** The position the trail begins at, once it has begun. */
  async #firstTracedSeq(): Promise<number | undefined> {
    if (this.#firstTraced !== undefined) return this.#firstTraced;
    const [first] = await this.#options.accounts.recorder.selectEvents(RequestTrail.id, { upTo: 1 });
    this.#firstTraced = (first?.data as RequestTrace | undefined)?.seq;
    return this.#firstTraced;
  }

  /** Whether this device made the request: always in its own order; in the vault's, when its commands hold it. */
  async #isMine(row: Row): Promise<boolean> {
    if (!this.syncs) return true;
    const { commands } = this.#options;
    return (await commands.recorder.selectEvents(row.request.requestId, { upTo: 1 })).length > 0;
  }

  /** The events of a request's outcome: its saga or its `RequestOutcome`. */
  async #outcomeEvents(requestId: string): Promise<DomainEvent[]> {
    return readEvents(this.#options.sagas, requestId, {});
  }

  #status(row: Row, outcome: readonly DomainEvent[]): InspectedStatus {
    if (row.trace !== undefined) return statusOf(row.trace);
    return decidedStatus(outcome, row.notification.id).status;
  }

  /** Reads what the requests found caused, a few reads for the whole page. */
  async #inspect(found: readonly { row: Row; events: readonly DomainEvent[] }[]): Promise<InspectedRequest[]> {
    const { accounts, ledger, transactionLog } = this.#options;
    const traces = found.flatMap(({ row }) => (row.trace === undefined ? [] : [row.trace]));
    const wanted = new Map<string, { from: number; to: number }[]>();
    for (const trace of traces) {
      for (const { id, from, to } of trace.accounts) wanted.set(id, [...(wanted.get(id) ?? []), { from, to }]);
    }
    const [accountEvents, ledgerEvents, journalEvents] = await Promise.all([
      Promise.all([...wanted].map(([id, ranges]) => readRanges(accounts, id, ranges))).then((lists) => lists.flat()),
      readRanges(
        ledger,
        GENERAL_LEDGER_ID,
        traces.flatMap((trace) => (trace.ledger === null ? [] : [trace.ledger])),
      ),
      readRanges(
        transactionLog,
        TRANSACTION_JOURNAL_ID,
        traces.flatMap((trace) => (trace.journal === null ? [] : [trace.journal])),
      ),
    ]);
    const mine = await Promise.all(found.map(({ row }) => this.#isMine(row)));
    return found.map(({ row, events: outcome }, index) => {
      const { notification, request, trace } = row;
      const entry = this.syncs ? (notification.data as ConfirmedEntry) : undefined;
      const decided = decidedStatus(outcome, notification.id);
      const status = trace === undefined ? decided.status : statusOf(trace);
      const replay = status === 'replay';
      const events: InspectedEvents | null =
        trace === undefined
          ? null
          : {
              sagas: replay ? [] : outcome,
              accounts: trace.accounts.flatMap(({ id, from, to }) => within(accountEvents, id, from, to)),
              ledger:
                trace.ledger === null
                  ? []
                  : within(ledgerEvents, GENERAL_LEDGER_ID, trace.ledger.from, trace.ledger.to),
              transactionLog:
                trace.journal === null
                  ? []
                  : within(journalEvents, TRANSACTION_JOURNAL_ID, trace.journal.from, trace.journal.to),
            };
      const balancesAfter = (trace?.accounts ?? []).flatMap(({ id, balance }) =>
        balance === null ? [] : [{ accountId: id, balance }],
      );
      return {
        ...describe(request, notification.id, entry?.deviceId ?? null),
        mine: mine[index] ?? false,
        status,
        error: replay ? null : decided.error,
        events,
        balancesAfter,
        link: entry?.link ?? null,
        verified: entry !== undefined,
      };
    });
  }
}

/** What a request says of itself. */
function describe(
  request: ConfirmedRequest,
  seq: number | null,
  deviceId: string | null,
): Pick<InspectedRequest, 'seq' | 'deviceId' | 'requestId' | 'timestamp' | 'request'> & { problem?: string } {
  const { requestId, timestamp, parsed } = request;
  return {
    seq,
    deviceId,
    requestId,
    timestamp,
    request: parsed.ok ? parsed.request : null,
    ...(parsed.ok ? {} : { problem: parsed.problem }),
  };
}

function statusOf(trace: RequestTrace): InspectedStatus {
  const outcome: TracedOutcome = trace.outcome;
  return outcome === 'none' ? 'done' : outcome;
}

function matches(status: InspectedStatus, wanted: InspectedStatus): boolean {
  return status === wanted || (wanted === 'refused' && status === 'refunded');
}

function involves(request: ConfirmedRequest, accountId: string | undefined): boolean {
  if (accountId === undefined) return true;
  return request.parsed.ok && requestAccounts(request.parsed.request).includes(accountId);
}

/** A notification of the confirmed order as a bug report lists it. */
function logEntryOf(notification: Notification): unknown {
  if (notification.type === 'RequestConfirmed') return notification.data;
  const { id: seq, originatorId: requestId, type, timestamp, data } = notification;
  return { seq, requestId, type, timestamp, data };
}

async function readEvents(
  application: Application,
  id: string,
  range: { after?: number; upTo?: number },
): Promise<DomainEvent[]> {
  const stored = await application.recorder.selectEvents(id, range);
  return stored.map((event) => application.mapper.toDomainEvent(event));
}

/** The events of an aggregate in the version ranges `(from, to]` asked for, ranges close together read at once. */
async function readRanges(
  application: Application,
  id: string,
  ranges: readonly { from: number; to: number }[],
): Promise<DomainEvent[]> {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.from - last.to <= MERGE_GAP) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  const lists = await Promise.all(merged.map(({ from, to }) => readEvents(application, id, { after: from, upTo: to })));
  return lists.flat();
}

function within(events: readonly DomainEvent[], id: string, from: number, to: number): DomainEvent[] {
  return events.filter(
    (event) => event.originatorId === id && event.originatorVersion > from && event.originatorVersion <= to,
  );
}
