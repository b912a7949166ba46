/** What a person told of a money movement besides its amount: a note, and the day it happened. */
export interface MovementNotes {
  readonly note?: string;
  /** `YYYY-MM-DD`. */
  readonly occurredOn?: string;
}

/**
 * The note and day a request or log line carries, read without trusting its type: lines and requests recorded under
 * the first rules have neither, and a field of any other type is ignored.
 */
export function movementNotesOf(value: object): MovementNotes {
  const { note, occurredOn } = value as { readonly note?: unknown; readonly occurredOn?: unknown };
  const notes: { note?: string; occurredOn?: string } = {};
  if (typeof note === 'string' && note !== '') notes.note = note;
  if (typeof occurredOn === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(occurredOn)) notes.occurredOn = occurredOn;
  return notes;
}

/** The day a line or request happened: its `occurredOn`, else the (UTC) date of its timestamp, as the bank has it. */
export function movementDay(value: { readonly timestamp: string }): string {
  const { occurredOn } = value as { readonly occurredOn?: unknown };
  return typeof occurredOn === 'string' && occurredOn !== '' ? occurredOn : value.timestamp.slice(0, 10);
}
