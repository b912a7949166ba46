import { css } from 'lit';

/** The app shell: skip link, header with its sync pill, the navigation (a bottom bar on phones, tabs on wider screens) and the main area. */
export const bankAppStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
  }
  header {
    position: sticky;
    top: 0;
    z-index: 10;
    color: var(--brand-contrast);
    background: var(--brand);
  }
  .bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    max-width: 72rem;
    margin: 0 auto;
    padding: 0.625rem 1rem;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
    color: inherit;
    font-weight: 700;
    font-size: 1.125rem;
    white-space: nowrap;
    text-decoration: none;
  }
  .brand svg {
    width: 1.75rem;
    height: 1.75rem;
  }
  .status {
    display: flex;
    flex: none;
    align-items: center;
    gap: 0.5rem;
  }
  /* The narrowest phones keep the header on one line: the logo alone names the app (its link keeps the words). */
  @media (max-width: 23rem) {
    .brand .words {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  }
  .skip {
    position: absolute;
    top: 0.5rem;
    left: 0.5rem;
    z-index: 30;
    padding: 0.5rem 1rem;
    border-radius: 0.5rem;
    color: var(--brand);
    background: var(--brand-contrast);
    font-weight: 700;
    transform: translateY(-200%);
  }
  .skip:focus {
    transform: none;
  }
  .pill {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    font-size: 0.875rem;
    font-weight: 600;
    white-space: nowrap;
    text-decoration: none;
    color: var(--warning-contrast);
    background: var(--warning-soft);
  }
  a.pill:hover {
    text-decoration: underline;
  }
  /* The header is the brand colour in both schemes, so its pills keep fixed colours (AA on their own). */
  .pill.ok {
    color: #14532d;
    background: #dcfce7;
  }
  .pill.busy {
    color: #1e3a8a;
    background: #ffffff;
  }
  .pill.problem {
    color: #7f1d1d;
    background: #fee2e2;
  }
  .sync-banner {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    max-width: 72rem;
    margin: 0 auto;
    padding: 0.5rem 1rem;
    font-size: 0.9375rem;
    color: var(--text);
  }
  .sync-problem {
    background: var(--negative-soft);
    border-bottom: 1px solid var(--negative);
  }
  .sync-banner a {
    color: var(--link);
    font-weight: 600;
  }
  header button {
    white-space: nowrap;
    min-height: 2.25rem;
    padding: 0.25rem 0.875rem;
    color: var(--brand);
    background: var(--brand-contrast);
  }
  header button:hover {
    background: var(--surface);
  }
  nav.sections {
    position: fixed;
    bottom: 0;
    left: 0;
    right: 0;
    z-index: 10;
    background: var(--card);
    border-top: 1px solid var(--border);
    padding-bottom: env(safe-area-inset-bottom);
  }
  nav.sections ul {
    display: grid;
    grid-template-columns: repeat(5, minmax(0, 1fr));
    list-style: none;
    margin: 0 auto;
    padding: 0;
    max-width: 72rem;
  }
  nav.sections a {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.125rem;
    min-height: 3.5rem;
    padding: 0.375rem 0.25rem;
    font-size: 0.75rem;
    font-weight: 600;
    white-space: nowrap;
    color: var(--muted);
    text-decoration: none;
  }
  nav.sections a[aria-current='page'] {
    color: var(--brand-text);
  }
  /* Five sections side by side: below 360px a two-word label takes two lines rather than run into the next. */
  @media (max-width: 22.5rem) {
    nav.sections a {
      white-space: normal;
      text-align: center;
      line-height: 1.15;
      font-size: 0.6875rem;
    }
  }
  nav.sections svg {
    width: 1.5rem;
    height: 1.5rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  main {
    flex: 1;
    width: 100%;
    max-width: 72rem;
    margin: 0 auto;
    padding: 1.25rem 1rem 6rem;
  }
  main:focus {
    outline: none;
  }
  @media (min-width: 48rem) {
    nav.sections {
      position: sticky;
      top: 3.25rem;
      bottom: auto;
      border-top: none;
      border-bottom: 1px solid var(--border);
    }
    nav.sections ul {
      display: flex;
      gap: 0.25rem;
      padding: 0 0.75rem;
    }
    nav.sections a {
      flex-direction: row;
      gap: 0.5rem;
      min-height: 3rem;
      padding: 0 0.875rem;
      font-size: 0.9375rem;
      border-bottom: 3px solid transparent;
    }
    nav.sections a[aria-current='page'] {
      border-bottom-color: var(--brand-text);
    }
    nav.sections svg {
      width: 1.25rem;
      height: 1.25rem;
    }
    main {
      padding: 1.75rem 1.5rem 3rem;
    }
  }
`;
