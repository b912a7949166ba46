import { ConcurrencyError } from './concurrency-error';
import { isEventSourcingError } from './event-sourcing-error';
import { StorageError, type StorageFailure } from './storage-error';

/**
 * Translates whatever Dexie or IndexedDB threw into an error of ours, keeping the original as `cause`, so that code
 * above the recorder never sees a raw Dexie or DOM error. Errors of ours pass through unchanged.
 */
export function translateStorageError(error: unknown): Error {
  if (isEventSourcingError(error)) return error;
  const names = causeNames(error);
  if (names.includes('QuotaExceededError')) {
    return new StorageError('quota', 'the storage quota is exceeded (the disk may be full)', { cause: error });
  }
  if (names.includes('ConstraintError')) {
    return new ConcurrencyError({ cause: error });
  }
  // The innermost known name decides: a DatabaseClosedError caused by a missing IndexedDB is `unavailable`.
  const reason =
    names.map((name) => REASONS.find(([, known]) => known.includes(name))?.[0]).find((found) => found !== undefined) ??
    'failed';
  return new StorageError(reason, describe(error), { cause: error });
}

const REASONS: readonly (readonly [StorageFailure, readonly string[]])[] = [
  ['closed', ['DatabaseClosedError', 'VersionChangeError', 'VersionError', 'InvalidStateError']],
  ['unavailable', ['MissingAPIError', 'OpenFailedError', 'SecurityError', 'InvalidAccessError', 'NotFoundError']],
  ['aborted', ['AbortError', 'TransactionInactiveError', 'PrematureCommitError', 'TimeoutError']],
];

/**
 * The names of an error and of the errors inside it: Dexie keeps the DOM error under `inner`, a `BulkError` keeps
 * one per failed record, and standard errors use `cause`. The innermost names come first, because the root cause
 * decides (an `AbortError` caused by a full disk is a quota failure).
 */
function causeNames(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const { name, inner, cause, failures } = error as {
    name?: unknown;
    inner?: unknown;
    cause?: unknown;
    failures?: unknown;
  };
  const nested = [inner, cause, ...(Array.isArray(failures) ? (failures as unknown[]) : [])].flatMap((e) =>
    causeNames(e, depth + 1),
  );
  return typeof name === 'string' ? [...nested, name] : nested;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
