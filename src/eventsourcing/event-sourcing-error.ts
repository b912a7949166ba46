/**
 * Base class of every error raised by the event-sourcing core. Each subclass has a literal `name`, a stable `code`
 * and its facts as readonly fields, so callers branch on `code` (or the class) and never on message text.
 */
export abstract class EventSourcingError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
}

const CODES: ReadonlySet<string> = new Set([
  'concurrency',
  'tracking-conflict',
  'head-conflict',
  'storage',
  'aggregate-not-found',
  'unknown-event-type',
  'schema-version',
  'follower',
]);

/**
 * Recognises an error of the event-sourcing core by its `code`, which still works where `instanceof` does not
 * (errors rebuilt in another realm, or received as plain data).
 */
export function isEventSourcingError(value: unknown): value is EventSourcingError {
  if (typeof value !== 'object' || value === null || !('code' in value)) return false;
  return typeof value.code === 'string' && CODES.has(value.code);
}
