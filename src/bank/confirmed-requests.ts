import {
  Aggregate,
  Application,
  ConcurrencyError,
  type Clock,
  type DomainEvent,
  type JsonValue,
  type Persistence,
} from '../eventsourcing';
import type { CarriedCheckpoint } from './checkpoint';

/**
 * One entry of the vault's log, as this device verified and opened it: the request another device (or this one)
 * made, at its place in the one order every device derives from. `request` is what the device that made it sealed:
 * `{ id, type, timestamp, data }`, unparsed (the derivation parses it and refuses what does not fit), or `null` when
 * it could not be opened.
 */
export type RequestConfirmed = DomainEvent<
  'RequestConfirmed',
  {
    readonly seq: number;
    readonly deviceId: string;
    readonly position: number;
    readonly link: string;
    readonly request: Readonly<Record<string, JsonValue>> | null;
    /**
     * On the first entry only, when its device began the vault with its own history: how many of that device's
     * requests the vault log begins with, as that device announced inside the request.
     */
    readonly handover?: number;
    /**
     * The checkpoint its device had taken when it made the request (its digest of the bank at an earlier `seq`), as
     * that device sealed it beside what it had seen; absent from requests made by older code.
     */
    readonly checkpoint?: CarriedCheckpoint;
    /** The name the person gave its device, as the device sealed it with the request (names are the person's). */
    readonly deviceName?: string;
  }
>;

/** An entry of the vault log to keep. */
export type ConfirmedEntry = RequestConfirmed['data'];

/**
 * The vault log as verified so far: its head, the chain link there, each device's last position, and the history
 * its first device began it with (if it did): entries 1 to `count` are that device's first `count` requests.
 */
export type VaultLogState = {
  readonly head: number;
  readonly link: string;
  readonly positions: Readonly<Record<string, number>>;
  readonly handover?: VaultHandover;
  /** The latest name each device sealed with a request; absent in snapshots taken before names travelled. */
  readonly names?: Readonly<Record<string, string>>;
};

/** The history a vault log begins with: `count` requests of the device `deviceId`, positions 1 to `count`. */
export type VaultHandover = { readonly deviceId: string; readonly count: number };

/** The vault log as one aggregate whose version is the `seq` of its latest entry: gap-free by construction. */
export class VaultLog extends Aggregate<VaultLogState, RequestConfirmed> {
  static readonly aggregateType = 'VaultLog';
  static readonly id = 'vault-log';

  constructor(id: string, clock?: Clock) {
    super(id, { head: 0, link: '', positions: {} }, clock);
  }

  /** The seq of the latest entry; 0 when empty. */
  get head(): number {
    return this.state.head;
  }

  /** The chain link at the head; `''` when empty. */
  get link(): string {
    return this.state.link;
  }

  /** The last position of each device in the log. */
  get positions(): Readonly<Record<string, number>> {
    return this.state.positions;
  }

  /** The history the log begins with, if its first device began it with one. */
  get handover(): VaultHandover | undefined {
    return this.state.handover;
  }

  /**
   * Appends entries; each must carry the next `seq`. An entry this log already holds was appended by another writer
   * of the same stores (another tab) since the caller read the log: a `ConcurrencyError`, to read again and go on.
   */
  append(entries: readonly ConfirmedEntry[]): void {
    for (const entry of entries) {
      if (entry.seq <= this.state.head) {
        throw new ConcurrencyError({
          cause: new RangeError(`Entry ${entry.seq} is already kept: the vault log holds ${this.state.head} entries`),
        });
      }
      if (entry.seq !== this.state.head + 1) {
        throw new RangeError(`Entry ${entry.seq} does not follow entry ${this.state.head} of the vault log`);
      }
      this.trigger('RequestConfirmed', entry);
    }
  }

  protected evolve(state: VaultLogState, event: RequestConfirmed): VaultLogState {
    switch (event.type) {
      case 'RequestConfirmed': {
        const { seq, link, deviceId, position, handover, deviceName } = event.data;
        const positions = { ...state.positions, [deviceId]: position };
        const names =
          deviceName === undefined || state.names?.[deviceId] === deviceName
            ? state.names
            : { ...state.names, [deviceId]: deviceName };
        const named = names === undefined ? {} : { names };
        if (seq === 1 && handover !== undefined)
          return { head: seq, link, positions, handover: { deviceId, count: handover }, ...named };
        return { ...state, head: seq, link, positions, ...named };
      }
      default:
        return this.unknownEvent(event.type);
    }
  }
}

/**
 * This device's copy of the vault log: every request of every device, in the order the sync server gave them, as
 * verified and opened here. When the device syncs, the bank is derived from this log instead of `Commands`. Its
 * store and log are named `confirmed-requests`; entry `seq` is notification `seq` (the log is written only here, in
 * order, one aggregate version per entry).
 */
export class ConfirmedRequests extends Application {
  static readonly applicationName = 'confirmed-requests';

  constructor(options: { persistence: Persistence; clock?: Clock }) {
    super({
      name: ConfirmedRequests.applicationName,
      persistence: options.persistence,
      snapshotting: { [VaultLog.aggregateType]: 100 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  }

  /** The log as verified so far. */
  async state(): Promise<VaultLogState> {
    return (
      (await this.repository.find(VaultLog, VaultLog.id, { cached: true }))?.state ?? new VaultLog(VaultLog.id).state
    );
  }

  /** The entry at `seq`, if kept. */
  async entry(seq: number): Promise<ConfirmedEntry | undefined> {
    const [event] = await this.recorder.selectEvents(VaultLog.id, { after: seq - 1, upTo: seq });
    return event?.data as ConfirmedEntry | undefined;
  }

  /** Keeps entries that follow the latest one, in one transaction. */
  async append(entries: readonly ConfirmedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const log =
      (await this.repository.find(VaultLog, VaultLog.id, { cached: true })) ?? new VaultLog(VaultLog.id, this.clock);
    log.append(entries);
    await this.save(log);
  }
}
