import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';

/**
 * Another device derived another bank than this one: the checkpoint a request of `deviceId` carried (its digest of
 * the bank after request `seq`) is not the one this device took there. `requestSeq` is the request that carried it.
 */
export type Divergence = { readonly seq: number; readonly deviceId: string; readonly requestSeq: number };

/** A divergence was found. */
export type DivergenceFound = DomainEvent<'DivergenceFound', Divergence>;

type DivergencesState = { readonly found: readonly Divergence[] };

/**
 * Every divergence this device found, first found first, once per device and checkpoint (every later request of a
 * device carries the same checkpoint until its next one). One per store, id `divergences`.
 */
export class Divergences extends Aggregate<DivergencesState, DivergenceFound> {
  static readonly aggregateType = 'Divergences';
  static readonly id = 'divergences';

  constructor(id: string, clock?: Clock) {
    super(id, { found: [] }, clock);
  }

  get found(): readonly Divergence[] {
    return this.state.found;
  }

  /** Records a divergence, unless the same device's checkpoint at the same seq was found to differ before. */
  record(divergence: Divergence): void {
    const known = this.state.found.some(
      ({ seq, deviceId }) => seq === divergence.seq && deviceId === divergence.deviceId,
    );
    if (!known) this.trigger('DivergenceFound', divergence);
  }

  protected evolve(state: DivergencesState, event: DivergenceFound): DivergencesState {
    switch (event.type) {
      case 'DivergenceFound':
        return { found: [...state.found, event.data] };
      default:
        return this.unknownEvent(event.type);
    }
  }
}
