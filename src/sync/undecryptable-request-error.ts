import { SyncError } from './sync-error';

/**
 * A request from the vault log could not be opened: the vault key is not the one it was sealed under (a wrong
 * recovery code), or a byte of it was changed, or it was moved to another vault, device or position. It is not
 * applied, and trying again will not help: sync stops, keeping every local request, and the person is told.
 */
export class UndecryptableRequestError extends SyncError {
  override readonly name = 'UndecryptableRequestError';
  readonly code = 'undecryptable';
  readonly retryable = false;
  /** The device the log says recorded the request. */
  readonly deviceId: string;
  /** Its position among that device's requests. */
  readonly position: number;

  constructor(deviceId: string, position: number, options: { cause?: unknown } = {}) {
    super(`Request ${position} of device ${deviceId} cannot be opened with this vault key`, { cause: options.cause });
    this.deviceId = deviceId;
    this.position = position;
  }
}
