import {
  Aggregate,
  Application,
  ConcurrencyError,
  type Clock,
  type DomainEvent,
  type Persistence,
} from '../eventsourcing';
import type { Envelope } from './protocol';

/** This device's identity in a vault: made once, kept for the life of its stores. */
export type DeviceJoined = DomainEvent<
  'DeviceJoined',
  {
    readonly deviceId: string;
    readonly vaultId: string;
    /**
     * How many of this device's requests it had derived as its own sequencer when it joined: the vault log must
     * begin with exactly those, in order (the device pushed them as the vault's start); 0 for a device that joined
     * empty.
     */
    readonly handover: number;
    /**
     * Whether the device found the vault empty and made its key: until the server holds one of its requests, it
     * pushes them as the vault's start, and a vault begun meanwhile by another device (with another key) is refused
     * to it. Absent on devices that joined before this was recorded: they began or
     * joined long ago.
     */
    readonly founding?: boolean;
  }
>;

type DeviceState = {
  readonly deviceId: string;
  readonly vaultId: string;
  readonly handover: number;
  readonly founding?: boolean;
};

/** A device of a vault. One per store, id `device`. */
export class Device extends Aggregate<DeviceState, DeviceJoined> {
  static readonly aggregateType = 'Device';
  static readonly id = 'device';

  constructor(id: string, clock?: Clock) {
    super(id, { deviceId: '', vaultId: '', handover: 0 }, clock);
  }

  static join(facts: DeviceJoined['data'], clock?: Clock): Device {
    const device = new Device(Device.id, clock);
    device.trigger('DeviceJoined', facts);
    return device;
  }

  get facts(): DeviceState {
    return this.state;
  }

  protected evolve(_state: DeviceState, event: DeviceJoined): DeviceState {
    switch (event.type) {
      case 'DeviceJoined':
        return event.data;
      default:
        return this.unknownEvent(event.type);
    }
  }
}

/** A request of this device, sealed for its position in the vault: kept so that a re-send is byte for byte equal. */
export type RequestSealed = DomainEvent<
  'RequestSealed',
  {
    readonly position: number;
    readonly requestId: string;
    /** The notification id of the request in `Commands`. */
    readonly commandId: number;
    readonly envelope: Envelope;
  }
>;

type OutboxState = { readonly position: number; readonly commandId: number };

/** The sealed requests of this device, one version per position: gap-free by construction. Id `outbox`. */
export class Outbox extends Aggregate<OutboxState, RequestSealed> {
  static readonly aggregateType = 'Outbox';
  static readonly id = 'outbox';

  constructor(id: string, clock?: Clock) {
    super(id, { position: 0, commandId: 0 }, clock);
  }

  /** The last position sealed; 0 when none. */
  get position(): number {
    return this.state.position;
  }

  /** The `Commands` notification id of the last request sealed; 0 when none. */
  get commandId(): number {
    return this.state.commandId;
  }

  /** Keeps sealed requests; each must take the next position. */
  add(sealed: readonly RequestSealed['data'][]): void {
    for (const request of sealed) {
      if (request.position !== this.state.position + 1)
        throw new RangeError(`Position ${request.position} is not next`);
      this.trigger('RequestSealed', request);
    }
  }

  protected evolve(_state: OutboxState, event: RequestSealed): OutboxState {
    switch (event.type) {
      case 'RequestSealed':
        return { position: event.data.position, commandId: event.data.commandId };
      default:
        return this.unknownEvent(event.type);
    }
  }
}

/**
 * What this device keeps of its sync, beside the bank, through the same persistence (so two persistences are two
 * devices): who it is in which vault, and its sealed requests. Store and log named `sync-device`.
 *
 * Invariants:
 * - A device joins one vault once; a second `join` (another tab at the same moment) keeps the first.
 * - A position is sealed once: what was sent for it is what is sent again.
 */
export class SyncDevice extends Application {
  static readonly applicationName = 'sync-device';

  constructor(options: { persistence: Persistence; clock?: Clock }) {
    super({
      name: SyncDevice.applicationName,
      persistence: options.persistence,
      snapshotting: { [Outbox.aggregateType]: 100 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  }

  /** The device's facts, if it joined a vault. */
  async device(): Promise<DeviceJoined['data'] | undefined> {
    return (await this.repository.find(Device, Device.id))?.facts;
  }

  /** Joins a vault, unless another tab did first; returns the facts kept. */
  async join(facts: DeviceJoined['data']): Promise<DeviceJoined['data']> {
    try {
      await this.save(Device.join(facts, this.clock));
      return facts;
    } catch (error) {
      const kept = error instanceof ConcurrencyError ? await this.device() : undefined;
      if (kept === undefined) throw error;
      return kept;
    }
  }

  /** The outbox as stored. */
  async outbox(): Promise<Outbox> {
    return (await this.repository.find(Outbox, Outbox.id, { cached: true })) ?? new Outbox(Outbox.id, this.clock);
  }

  /** Keeps newly sealed requests after those of `outbox` (a `ConcurrencyError` if another tab sealed meanwhile). */
  async seal(outbox: Outbox, sealed: readonly RequestSealed['data'][]): Promise<void> {
    if (sealed.length === 0) return;
    outbox.add(sealed);
    await this.save(outbox);
  }

  /** Sealed requests at positions `after + 1` … `upTo`. */
  async sealed(after: number, upTo: number): Promise<RequestSealed['data'][]> {
    const events = await this.recorder.selectEvents(Outbox.id, { after, upTo });
    return events.map((event) => event.data as RequestSealed['data']);
  }
}
