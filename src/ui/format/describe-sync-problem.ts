/** Why sync is offline, failing or stopped, as `BankSyncStatus.error` carries it: a stable code and a message. */
export interface SyncProblem {
  readonly code: string;
  readonly message: string;
}

/** Recognises a sync problem (a `SyncError`, or the plain `{ code, message }` of a status) by its fields. */
export function isSyncProblem(value: unknown): value is SyncProblem {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string';
}

/**
 * A sync problem in words a person can act on, by its code: never the client's own message, which is written for
 * developers. Whatever the problem, nothing recorded on this device is lost, and the words say so where it matters.
 */
export function describeSyncProblem(problem: SyncProblem): string {
  switch (problem.code) {
    case 'network':
      return 'The sync server cannot be reached. Everything you do is kept on this device and sent once it can be reached.';
    case 'http':
      return 'The sync server refused this device. Check the server address and the vault token in Settings → Sync.';
    case 'bad-response':
      return 'The sync server answered with something this app cannot read. Check the server address in Settings → Sync.';
    case 'log-integrity':
      return 'The server showed this device a history that does not check out, so sync stopped to keep your bank safe. Everything you did stays on this device.';
    case 'diverged':
      return 'Another device of this vault worked out a different bank from the same history, so one of them runs an outdated or faulty version of the app. Update the app on every device, and export a copy of your bank from Settings on each. Sync carries on and nothing you did is lost.';
    case 'recovery-code':
      return 'The recovery code does not open this vault. Check it against the one your other device shows in Settings → Sync.';
    case 'newer-rules':
      return 'Another device uses a newer version of the app. Reload the app to update it, and sync carries on.';
    case 'restore-not-empty':
    case 'not-empty':
      return 'This device already has a bank of its own, and the vault holds another one. Only an empty device can join a vault that is in use.';
    case 'vault-taken':
      return 'Another device began this vault at the same moment as this one, so nothing was sent from here. Your bank stays on this device: sync it with a new vault, or join that vault from an empty device with its recovery code.';
    case 'local-store':
      return 'This device could not store what sync needs. Check that the browser lets this site keep data.';
    case 'unavailable':
      return 'Sync could not start in this version of the app. Everything stays on this device.';
    default:
      return 'Sync stopped for a reason this version of the app does not know. Everything stays on this device; reload the app to try again.';
  }
}
