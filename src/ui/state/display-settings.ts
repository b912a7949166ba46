import { BehaviorSubject, map, type Observable } from 'rxjs';
import * as z from 'zod/mini';
import type { MoneyFormat } from '../format/money-format';

/** How the person wants money shown: a locale (`null` = the browser's) and a currency. */
export interface DisplaySettings {
  readonly locale: string | null;
  readonly currency: string;
}

/** Currencies offered for display: all with two minor digits, since amounts are kept in cents. */
export const CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'INR',
  'BRL',
  'MXN',
  'ZAR',
] as const;

/** Locales offered besides the browser's own. */
export const LOCALES = [
  'en-US',
  'en-GB',
  'en-IN',
  'de-DE',
  'de-CH',
  'fr-FR',
  'es-ES',
  'it-IT',
  'nl-NL',
  'pt-BR',
  'sv-SE',
  'pl-PL',
] as const;

const STORAGE_KEY = 'offline-bank:display';

const settingsSchema = z.object({
  locale: z.nullable(z.enum(LOCALES)),
  currency: z.enum(CURRENCIES),
});

/**
 * The display settings, kept in `localStorage` (read back through a schema: it is outside input) and shared with the
 * other tabs through the `storage` event, so a change shows everywhere at once.
 */
export class DisplaySettingsStore {
  readonly #settings$: BehaviorSubject<DisplaySettings>;
  readonly settings$: Observable<DisplaySettings>;
  /** The locale and currency money is formatted and parsed with. */
  readonly format$: Observable<MoneyFormat>;

  constructor() {
    this.#settings$ = new BehaviorSubject(readSettings());
    this.settings$ = this.#settings$.asObservable();
    this.format$ = this.settings$.pipe(map(toMoneyFormat));
    window.addEventListener('storage', (event) => {
      if (event.key === STORAGE_KEY) this.#settings$.next(readSettings());
    });
  }

  /** The current settings. */
  get value(): DisplaySettings {
    return this.#settings$.value;
  }

  /** The current money format. */
  get format(): MoneyFormat {
    return toMoneyFormat(this.#settings$.value);
  }

  /** Changes and keeps the settings. */
  set(settings: DisplaySettings): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
    } catch {
      // Storage may be full or denied: the choice still holds for this tab.
    }
    this.#settings$.next(settings);
  }
}

let knownBrowserLocale: string | undefined;
if (typeof window !== 'undefined') {
  window.addEventListener('languagechange', () => (knownBrowserLocale = undefined));
}

/** The browser's own locale (asked once, and again after the person changes the browser's languages). */
export function browserLocale(): string {
  knownBrowserLocale ??= new Intl.NumberFormat().resolvedOptions().locale;
  return knownBrowserLocale;
}

function toMoneyFormat(settings: DisplaySettings): MoneyFormat {
  return { locale: settings.locale ?? browserLocale(), currency: settings.currency };
}

function readSettings(): DisplaySettings {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored !== null) {
      const parsed = settingsSchema.safeParse(JSON.parse(stored));
      if (parsed.success) return parsed.data;
    }
  } catch {
    // Unreadable or unavailable: fall back to the defaults.
  }
  return { locale: null, currency: defaultCurrency() };
}

const CURRENCY_BY_REGION: Readonly<Record<string, (typeof CURRENCIES)[number]>> = {
  US: 'USD',
  GB: 'GBP',
  CH: 'CHF',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  PL: 'PLN',
  IN: 'INR',
  BR: 'BRL',
  MX: 'MXN',
  ZA: 'ZAR',
};

/** A currency that suits the browser's region, EUR otherwise. */
function defaultCurrency(): (typeof CURRENCIES)[number] {
  try {
    const region = new Intl.Locale(browserLocale()).maximize().region ?? '';
    return CURRENCY_BY_REGION[region] ?? 'EUR';
  } catch {
    return 'EUR';
  }
}
