import { formatDateTime } from './format-date-time';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `date` where the person is (their time zone), written `YYYY-MM-DD` as date fields hold it. */
export function localDay(date: Date = new Date()): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * A calendar day (`YYYY-MM-DD`) as a short date in the locale, e.g. "Nov 24, 2026". A day has no time zone: it is
 * formatted as that day wherever the person is.
 */
export function formatDay(day: string, locale: string): string {
  let formatter = formatters.get(locale);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    formatters.set(locale, formatter);
  }
  const date = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) ? day : formatter.format(date);
}

/**
 * When a movement happened, for a line of history: the time it was recorded, and before it the day it happened when
 * that was another day (a movement entered later), e.g. "Nov 20, 2026 · recorded Dec 2, 2026, 4:40 AM".
 */
export function describeWhen(occurredOn: string | undefined, timestamp: string, locale: string): string {
  const recorded = formatDateTime(timestamp, locale);
  const recordedDay = localDay(new Date(timestamp));
  if (occurredOn === undefined || occurredOn === recordedDay) return recorded;
  return `${formatDay(occurredOn, locale)} · recorded ${recorded}`;
}
