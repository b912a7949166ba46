import type { MoneyFormat } from './money-format';

const formatters = new Map<string, Intl.NumberFormat>();
/** Amounts already shown, per formatter: a screen shows the same fifty balances again at every update. */
const shown = new Map<Intl.NumberFormat, Map<string, string>>();
/** Beyond this many amounts of one formatter, the remembered ones are dropped and remembered anew. */
const SHOWN_PER_FORMATTER = 5_000;

/**
 * Shows an amount of integer cents as money in the given locale and currency, e.g. `123450` → `€1,234.50` (en) or
 * `1.234,50 €` (de). The cents become a decimal string by string arithmetic only, and `Intl.NumberFormat` formats
 * that string exactly: no floating point between the stored integer and the screen.
 */
export function formatMoney(cents: number | bigint, format: MoneyFormat): string {
  const formatter = formatterFor(format, 'currency');
  let amounts = shown.get(formatter);
  if (amounts === undefined) shown.set(formatter, (amounts = new Map<string, string>()));
  const key = String(cents);
  let text = amounts.get(key);
  if (text === undefined) {
    text = formatDecimal(formatter, centsToDecimal(cents));
    if (amounts.size >= SHOWN_PER_FORMATTER) amounts.clear();
    amounts.set(key, text);
  }
  return text;
}

/** The amount as a person would type it in this locale, without currency or grouping, e.g. `1234.50` or `1234,50`. */
export function formatAmountForInput(cents: number, locale: string): string {
  return formatDecimal(formatterFor({ locale, currency: 'EUR' }, 'input'), centsToDecimal(cents));
}

/**
 * Integer cents as an exact decimal string: `-5` → `-0.05`. A bigint may be of any size (a total of many balances);
 * a number must be a safe integer, since beyond those a number no longer says which integer it was.
 */
export function centsToDecimal(cents: number | bigint): `${number}` {
  if (typeof cents === 'number' && !Number.isSafeInteger(cents)) {
    throw new RangeError(`Not an amount of cents: ${String(cents)}`);
  }
  const negative = cents < 0;
  const digits = (negative ? -BigInt(cents) : BigInt(cents)).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}` as `${number}`;
}

function formatterFor(format: MoneyFormat, kind: 'currency' | 'input'): Intl.NumberFormat {
  const key = `${kind}|${format.locale}|${format.currency}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter =
      kind === 'currency'
        ? new Intl.NumberFormat(format.locale, {
            style: 'currency',
            currency: format.currency,
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          })
        : new Intl.NumberFormat(format.locale, {
            useGrouping: false,
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * ES2023's Intl.NumberFormat v3 formats a decimal string exactly, with no trip through floating point (Chromium 106+,
 * Node 19+); TypeScript's ES2022 lib, the project's target, does not declare that overload yet.
 */
function formatDecimal(formatter: Intl.NumberFormat, decimal: `${number}`): string {
  return (formatter.format as unknown as (value: `${number}`) => string)(decimal);
}
