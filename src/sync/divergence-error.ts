import { SyncError } from './sync-error';

/**
 * This device derived another bank than another device of the vault from the same log: the checkpoint a request of
 * `deviceId` carried (its digest of the bank right after entry `seq`) is not the one this device took there. One of
 * the two runs an app that derives differently (an outdated or faulty version). Nothing was lost or undone, and
 * sync carries on: the log is still the one both derive from, and an app that derives right gives the right bank.
 */
export class DivergenceError extends SyncError {
  override readonly name = 'DivergenceError';
  readonly code = 'diverged';
  readonly retryable = true;
  /** The entry of the vault log after which the two banks differ (the checkpoint compared). */
  readonly seq: number;
  /** The device whose bank differs from this one's. */
  readonly deviceId: string;
  /** The entry whose request carried that device's checkpoint. */
  readonly requestSeq: number;

  constructor(divergence: { readonly seq: number; readonly deviceId: string; readonly requestSeq: number }) {
    super(
      `This device derived another bank than device ${divergence.deviceId} from the vault log: their checkpoints after entry ${divergence.seq} differ (found at entry ${divergence.requestSeq})`,
    );
    this.seq = divergence.seq;
    this.deviceId = divergence.deviceId;
    this.requestSeq = divergence.requestSeq;
  }
}
