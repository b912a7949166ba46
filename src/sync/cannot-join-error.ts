import { SyncError } from './sync-error';

/** Why a device cannot join a vault. */
export type CannotJoinReason =
  'not-empty' | 'code-required' | 'wrong-code' | 'older-history' | 'other-vault' | 'token' | 'vault-taken';

const MESSAGES: Readonly<Record<CannotJoinReason, string>> = {
  'not-empty':
    'This device already holds a bank, and the vault already holds another one: only an empty device can join it',
  'code-required': "This vault already holds a bank: type its recovery code, shown in another device's settings",
  'wrong-code': 'The recovery code does not open this vault: check it against the one another device shows',
  'older-history':
    'This bank was kept by an older version of the app before sync existed: it can be used here, not synced',
  'other-vault': 'This device already syncs with another vault',
  'vault-taken':
    'Another device began this vault at the same time as this one, with a key of its own: nothing of this device was sent, and its bank is kept here. Sync it with a new vault, or join that vault from an empty device with its recovery code',
  token: 'The vault token is not one a sync server gives: copy it again from where the vault was created',
};

/**
 * A device cannot sync with this vault as it stands. Nothing was written, on the device or on the server. Not
 * retryable: the person decides (another recovery code, an empty device, another vault).
 */
export class CannotJoinError extends SyncError {
  override readonly name = 'CannotJoinError';
  readonly code = 'cannot-join';
  readonly retryable = false;
  readonly reason: CannotJoinReason;

  constructor(reason: CannotJoinReason) {
    super(MESSAGES[reason]);
    this.reason = reason;
  }
}
