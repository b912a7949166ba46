import { describeValue } from './describe-value';

/**
 * What a person may tell of a money movement besides its amount, under the second rules and after: a note, and the
 * day it happened when that is not the day it was recorded (a back-dated entry).
 */
export type MovementDetails = {
  /** Free text, trimmed by the caller, 1 to `MAX_NOTE` UTF-16 code units; an empty note is no note. */
  readonly note?: string;
  /** A calendar date, `YYYY-MM-DD`; by default the (UTC) date of the request's timestamp. */
  readonly occurredOn?: string;
};

/** The longest note a movement may carry, in UTF-16 code units. */
export const MAX_NOTE = 200;

/** The note of an account's opening balance, on its credit and in the transaction log. */
export const OPENING_BALANCE_NOTE = 'Opening balance';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a value is a real calendar date written `YYYY-MM-DD` (so `2025-02-29` is not, `2024-02-29` is). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The day something with this ISO 8601 timestamp happened when nothing else says: the date of the timestamp in UTC,
 * the same on every device whatever its time zone. (A caller that wants the person's local date passes it as
 * `occurredOn`.)
 */
export function dateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** The day an entry happened: its own `occurredOn`, or the date of its timestamp (entries of the first rules). */
export function occurredOnOf(entry: { readonly occurredOn?: string; readonly timestamp: string }): string {
  return entry.occurredOn ?? dateOf(entry.timestamp);
}

/** The note and date of a movement, without the fields it lacks (so that none is stored as `undefined`). */
export function detailsOf(details: MovementDetails): MovementDetails {
  const { note, occurredOn } = details;
  return { ...(note === undefined ? {} : { note }), ...(occurredOn === undefined ? {} : { occurredOn }) };
}

/**
 * Checks the details given with a money movement at the public API and returns them without what is empty (an empty
 * note is no note). Throws `TypeError` for details that are not an object or a note that is not a string, and
 * `RangeError` for a note longer than `MAX_NOTE` or a date that is not a real calendar date written `YYYY-MM-DD`.
 */
export function checkedDetails(details: unknown): MovementDetails {
  if (details === undefined) return {};
  if (typeof details !== 'object' || details === null) {
    throw new TypeError(`The details of a movement must be an object, not ${describeValue(details)}`);
  }
  const { note, occurredOn } = details as { note?: unknown; occurredOn?: unknown };
  if (note !== undefined && typeof note !== 'string') {
    throw new TypeError(`A note must be a string, not ${describeValue(note)}`);
  }
  if (note !== undefined && note.length > MAX_NOTE) {
    throw new RangeError(`A note is at most ${String(MAX_NOTE)} characters, not ${String(note.length)}`);
  }
  if (occurredOn !== undefined && !isCalendarDate(occurredOn)) {
    throw new RangeError(`Not a calendar date written YYYY-MM-DD: ${describeValue(occurredOn)}`);
  }
  return {
    ...(note === undefined || note === '' ? {} : { note }),
    ...(occurredOn === undefined ? {} : { occurredOn }),
  };
}
