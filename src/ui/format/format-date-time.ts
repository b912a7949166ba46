const formatters = new Map<string, Intl.DateTimeFormat>();

/** An ISO 8601 timestamp as a short local date and time in the locale, e.g. "24 Nov 2026, 16:05". */
export function formatDateTime(timestamp: string, locale: string, withTime = true): string {
  const key = `${locale}|${String(withTime)}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(
      locale,
      withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
    );
    formatters.set(key, formatter);
  }
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : formatter.format(date);
}
