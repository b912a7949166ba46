/**
 * A short description of any value, for messages and for ids that are not strings: never throws, even for an
 * object without a usable `toString` (such as `Object.create(null)`). Strings are quoted; `-0` is kept apart from 0.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Object.is(value, -0)) return '-0';
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
