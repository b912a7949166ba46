import type { StorageFailure } from '../../eventsourcing';

/**
 * Whether an error is the core's `StorageError`, recognised by its `code` (so also when it was made in another realm
 * or by another copy of the module).
 */
export function isStorageFailure(
  error: unknown,
): error is { readonly code: 'storage'; readonly reason: StorageFailure } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'storage';
}
