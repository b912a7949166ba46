/**
 * Why an import was refused.
 * - `unreadable`: not JSON at all (a truncated or binary file).
 * - `not-an-export`: JSON, but not this app's export.
 * - `newer-version`: an export of a newer version of the app (a newer file layout, request or rules).
 * - `damaged`: the digest does not match: the file changed after it was exported.
 * - `inconsistent`: it reads, but does not add up: a malformed or repeated request, or requests that the bank's rules
 *   decide to other balances than the file lists (a forged or edited file). What the import had written is deleted.
 * - `not-empty`: this device already holds a bank; an import only fills an empty one.
 * - `undone`: writing or deriving failed half-way (a full disk, storage taken away) and what had been written was
 *   deleted again.
 * - `interrupted`: another tab of the app wrote to the bank while the import ran; nothing was deleted, so as not to
 *   delete what that tab wrote.
 * In every case but `interrupted`, the device is left as it was.
 */
export type ImportRefusal =
  | 'unreadable'
  | 'not-an-export'
  | 'newer-version'
  | 'damaged'
  | 'inconsistent'
  | 'not-empty'
  | 'undone'
  | 'interrupted';

/** Raised when an export file cannot be imported. The message says what happened and what to do, in words. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  readonly code: ImportRefusal;

  constructor(code: ImportRefusal, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** Recognises an `ImportRefusedError` by its `code` (which works across realms, where `instanceof` does not). */
export function isImportRefusedError(value: unknown): value is ImportRefusedError {
  if (typeof value !== 'object' || value === null || !('code' in value) || !('message' in value)) return false;
  return typeof value.code === 'string' && REFUSALS.has(value.code);
}

const REFUSALS: ReadonlySet<string> = new Set<ImportRefusal>([
  'unreadable',
  'not-an-export',
  'newer-version',
  'damaged',
  'inconsistent',
  'not-empty',
  'undone',
  'interrupted',
]);
