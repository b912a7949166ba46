import { ProcessApplication, type Clock, type Persistence } from '../eventsourcing';
import { Checkpoint, type CarriedCheckpoint } from './checkpoint';
import { Divergences, type Divergence } from './divergences';

/** Every how many requests of the vault log a device takes a checkpoint, unless told otherwise. */
export const DEFAULT_CHECKPOINT_INTERVAL = 100;

export interface DerivationCheckpointsOptions {
  readonly persistence: Persistence;
  /** The derived applications' clock: each checkpoint takes the time of the request it follows. */
  readonly clock?: Clock;
  /** A checkpoint is taken at every position of the confirmed log that is a multiple of this. */
  readonly interval: number;
}

/**
 * What the derivation keeps to find out whether other devices derived the same bank from the same log: its own
 * checkpoints (the digest of the bank right after each position that is a multiple of `interval`) and the
 * divergences it found (a request carrying another device's checkpoint that differs from its own at that
 * position). Written only by the `Derivation`, in its batches, with its tracking record: exactly once, like every
 * derived application. Its store and log are named `checkpoints`. See docs/architecture.md, "Divergence".
 */
export class DerivationCheckpoints extends ProcessApplication {
  static readonly applicationName = 'checkpoints';
  readonly interval: number;
  /** Digests already read: a checkpoint never changes once stored. */
  readonly #digests = new Map<number, string>();

  constructor(options: DerivationCheckpointsOptions) {
    const { interval } = options;
    if (!Number.isSafeInteger(interval) || interval < 1) {
      throw new RangeError(`A checkpoint interval is a positive integer, not ${String(interval)}`);
    }
    super({
      name: DerivationCheckpoints.applicationName,
      persistence: options.persistence,
      snapshotting: { [Divergences.aggregateType]: 50 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.interval = interval;
  }

  /** Whether a checkpoint is taken right after position `seq`. */
  isCheckpoint(seq: number): boolean {
    return seq > 0 && seq % this.interval === 0;
  }

  /** This device's digest of the bank after position `seq`, if it took one there. */
  async digestAt(seq: number): Promise<string | undefined> {
    const known = this.#digests.get(seq);
    if (known !== undefined) return known;
    const checkpoint = await this.repository.find(Checkpoint, Checkpoint.idOf(seq), { cached: true });
    if (checkpoint !== undefined) this.#digests.set(seq, checkpoint.checkpoint.digest);
    return checkpoint?.checkpoint.digest;
  }

  /** The checkpoint at `seq`, if this device took one there. */
  async checkpointAt(seq: number): Promise<CarriedCheckpoint | undefined> {
    const digest = await this.digestAt(seq);
    return digest === undefined ? undefined : { seq, digest };
  }

  /** Every divergence found, first found first. */
  async divergences(): Promise<readonly Divergence[]> {
    return (await this.repository.find(Divergences, Divergences.id, { cached: true }))?.found ?? [];
  }

  /** Written to by the derivation only: it follows nothing itself. */
  protected policy(): Promise<void> {
    return Promise.resolve();
  }
}
