import { svg, type SVGTemplateResult } from 'lit';

/** The navigation's icons (24×24, stroked in the text colour), decorative: each link has its words. */
export const NAV_ICONS: Readonly<Record<'accounts' | 'move' | 'activity' | 'ledger' | 'settings', SVGTemplateResult>> =
  {
    accounts: svg`<rect x="3" y="6" width="18" height="13" rx="2"></rect><path d="M3 10h18M7 15h4"></path>`,
    move: svg`<path d="M4 8h13l-3-3M20 16H7l3 3"></path>`,
    activity: svg`<path d="M3 12h4l3-7 4 14 3-7h4"></path>`,
    ledger: svg`<path d="M6 3h10l3 3v15H6zM9 9h7M9 13h7M9 17h4"></path>`,
    settings: svg`<circle cx="12" cy="12" r="3"></circle><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"></path>`,
  };
