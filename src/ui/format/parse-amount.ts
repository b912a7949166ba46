import { MAX_AMOUNT } from '../../bank';
import type { MoneyFormat } from './money-format';
import { numberSymbols } from './number-symbols';

/** Why typed text is not an amount. */
export type AmountProblem = 'empty' | 'negative' | 'format' | 'decimals' | 'too-large';

/** The outcome of reading an amount: integer cents, or the problem to show next to the field. */
export type AmountParse =
  { readonly ok: true; readonly cents: number } | { readonly ok: false; readonly problem: AmountProblem };

/**
 * Reads an amount of money typed by a person, in the locale's way of writing numbers, as integer cents:
 * `12.34`, `1,234.50` (and `12,34`, `1.234,50` where the locale uses a decimal comma; `1 234,50` where it groups with
 * spaces; `12,34,567.50` in en-IN). The currency's code or symbol may stand before or after the number, so whatever
 * `formatMoney` shows reads back as the same cents. Everything else is refused with a reason: a sign, letters, more
 * than two decimals, a misplaced group separator, more than `MAX_AMOUNT` cents (the most one movement, balance or limit
 * may be: $100 billion in dollars).
 *
 * Only string and integer arithmetic: the digits become cents through `BigInt`, never through a float.
 */
export function parseAmount(text: string, format: MoneyFormat): AmountParse {
  const { decimal, group } = numberSymbols(format.locale);
  let number = withoutCurrency(normaliseSpaces(text).trim(), format);
  if (number === '') return refuse('empty');
  if (/^[-−‒–]/u.test(number)) return refuse('negative');
  if (isSpace(group)) number = number.replace(/ /gu, SPACE);
  if (isApostrophe(group)) number = number.replace(/['’]/gu, group);

  const pieces = number.split(decimal);
  if (pieces.length > 2) return refuse('format');
  const [integer = '', fraction] = pieces;
  if (fraction !== undefined && !/^\d+$/u.test(fraction)) return refuse('format');
  if (integer === '' && fraction === undefined) return refuse('format');
  const integerDigits = integer === '' ? '' : integerDigitsOf(integer, isSpace(group) ? SPACE : group);
  if (integerDigits === undefined) return refuse('format');
  if (fraction !== undefined && fraction.length > 2) return refuse('decimals');

  const cents = BigInt(integerDigits === '' ? '0' : integerDigits) * 100n + BigInt((fraction ?? '').padEnd(2, '0'));
  if (cents > BigInt(MAX_AMOUNT)) return refuse('too-large');
  return { ok: true, cents: Number(cents) };
}

const SPACE = ' ';

/**
 * The digits of an integer part written plainly (`1234`) or grouped (`1,234,567`, `12,34,567`): groups after the
 * first have two or three digits and the last has three. `undefined` for anything else.
 */
function integerDigitsOf(integer: string, group: string): string | undefined {
  if (/^\d+$/u.test(integer)) return integer;
  if (group === '') return undefined;
  const groups = integer.split(group);
  const first = groups[0] ?? '';
  const last = groups.at(-1) ?? '';
  const middle = groups.slice(1, -1);
  const valid =
    /^\d{1,3}$/u.test(first) && /^\d{3}$/u.test(last) && middle.every((digits) => /^\d{2,3}$/u.test(digits));
  return valid ? groups.join('') : undefined;
}

/** Takes off the currency's code or symbol (as this locale writes it) at either end. */
function withoutCurrency(text: string, format: MoneyFormat): string {
  for (const affix of currencyAffixes(format)) {
    if (text.startsWith(affix)) return text.slice(affix.length).trim();
    if (text.endsWith(affix)) return text.slice(0, -affix.length).trim();
  }
  return text;
}

const affixCache = new Map<string, readonly string[]>();

function currencyAffixes({ locale, currency }: MoneyFormat): readonly string[] {
  const key = `${locale}|${currency}`;
  let affixes = affixCache.get(key);
  if (affixes === undefined) {
    const symbols = (['symbol', 'narrowSymbol', 'code'] as const).map(
      (currencyDisplay) =>
        new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay })
          .formatToParts(1)
          .find((part) => part.type === 'currency')?.value ?? currency,
    );
    // Longest first, so that `CA$` is taken off before `$`.
    affixes = [...new Set(symbols.map(normaliseSpaces))].sort((a, b) => b.length - a.length);
    affixCache.set(key, affixes);
  }
  return affixes;
}

/** Every kind of space (no-break, narrow no-break, thin…) as a plain space. */
function normaliseSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u2007\u2009\u202f]/gu, SPACE);
}

function isSpace(character: string): boolean {
  return character !== '' && normaliseSpaces(character) === SPACE;
}

function isApostrophe(character: string): boolean {
  return character === "'" || character === '’';
}

function refuse(problem: AmountProblem): AmountParse {
  return { ok: false, problem };
}
