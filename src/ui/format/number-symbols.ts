/** The characters a locale writes numbers with. */
export interface NumberSymbols {
  /** The decimal separator: `.` or `,` (or another, e.g. `٫`). */
  readonly decimal: string;
  /** The grouping separator: `,`, `.`, a space (often U+00A0 or U+202F) or an apostrophe; `''` if the locale has none. */
  readonly group: string;
}

const cache = new Map<string, NumberSymbols>();

/** The decimal and grouping separators of a locale, as `Intl.NumberFormat` writes them. */
export function numberSymbols(locale: string): NumberSymbols {
  let symbols = cache.get(locale);
  if (symbols === undefined) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
    symbols = {
      decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
      group: parts.find((part) => part.type === 'group')?.value ?? '',
    };
    cache.set(locale, symbols);
  }
  return symbols;
}
