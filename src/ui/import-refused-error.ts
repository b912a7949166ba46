/**
 * Why an import was refused. In every case nothing was changed on this device.
 * - `unreadable`: not JSON at all (a truncated or binary file).
 * - `not-an-export`: JSON, but not this app's export (or an export of a newer app version).
 * - `damaged`: the digest does not match: the file changed after it was exported.
 * - `inconsistent`: it reads, but its events do not add up (bad order, gaps, or balances that differ from its summary).
 * - `not-empty`: this device already holds a bank; an import only fills an empty one.
 * - `undone`: writing failed half-way (a full disk, storage taken away) and what had been written was deleted again.
 */
export type ImportRefusal = 'unreadable' | 'not-an-export' | 'damaged' | 'inconsistent' | 'not-empty' | 'undone';

/** Raised when an export file cannot be imported. Nothing was written. The message says what to do. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  readonly code: ImportRefusal;

  constructor(code: ImportRefusal, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}
