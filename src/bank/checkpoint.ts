import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';

/** A device's digest of its derived bank at one position of the confirmed log, as a request carries it. */
export type CarriedCheckpoint = { readonly seq: number; readonly digest: string };

/** The derivation took a checkpoint: the digest of the bank as it stood right after deriving request `seq`. */
export type CheckpointTaken = DomainEvent<'CheckpointTaken', CarriedCheckpoint>;

/**
 * One checkpoint of the derivation, an aggregate of one event whose id names its position (`checkpoint-<seq>`): it is
 * found by position with one read, and a second one for the same position cannot be stored.
 */
export class Checkpoint extends Aggregate<CarriedCheckpoint, CheckpointTaken> {
  static readonly aggregateType = 'Checkpoint';

  constructor(id: string, clock?: Clock) {
    super(id, { seq: 0, digest: '' }, clock);
  }

  /** The id of the checkpoint at `seq`. */
  static idOf(seq: number): string {
    return `checkpoint-${seq}`;
  }

  /** Takes the checkpoint at `seq`. */
  static take(seq: number, digest: string, clock?: Clock): Checkpoint {
    const checkpoint = new Checkpoint(Checkpoint.idOf(seq), clock);
    checkpoint.trigger('CheckpointTaken', { seq, digest });
    return checkpoint;
  }

  get checkpoint(): CarriedCheckpoint {
    return this.state;
  }

  protected evolve(_state: CarriedCheckpoint, event: CheckpointTaken): CarriedCheckpoint {
    switch (event.type) {
      case 'CheckpointTaken':
        return event.data;
      default:
        return this.unknownEvent(event.type);
    }
  }
}
