import { css } from 'lit';

/**
 * The look every screen shares, adopted by each component's shadow root: cards, forms, buttons, lists and badges on
 * the colour tokens of styles.css (WCAG AA contrast in the light and the dark scheme), with a visible focus ring.
 */
export const sharedStyles = css`
  :host {
    display: block;
  }
  * {
    box-sizing: border-box;
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
    color: var(--text);
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.125rem;
  }
  h3 {
    font-size: 1rem;
  }
  p {
    margin: 0;
  }
  a {
    color: var(--link);
  }
  .stack {
    display: grid;
    gap: 1rem;
  }
  .card {
    background: var(--card);
    border: 1px solid var(--border);
    border-radius: 0.875rem;
    padding: 1.25rem;
    box-shadow: var(--shadow);
  }
  .card > h2 {
    margin-bottom: 0.75rem;
  }
  .muted {
    color: var(--muted);
  }
  .small {
    font-size: 0.875rem;
  }
  .money {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .positive {
    color: var(--positive);
  }
  .negative {
    color: var(--negative);
  }
  .page-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    margin-bottom: 1rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    padding: 0.5rem 1.125rem;
    border: 1px solid transparent;
    border-radius: 0.625rem;
    color: var(--brand-contrast);
    background: var(--brand);
    text-decoration: none;
    cursor: pointer;
  }
  button:hover,
  .button:hover {
    background: var(--brand-hover);
  }
  button:disabled {
    cursor: progress;
    opacity: 0.7;
  }
  .secondary {
    color: var(--brand-text);
    background: var(--card);
    border-color: var(--border-strong);
  }
  .secondary:hover {
    background: var(--surface);
  }
  .danger {
    color: #ffffff;
    background: var(--negative-strong);
  }
  .danger:hover {
    background: var(--negative);
  }
  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  form {
    display: grid;
    gap: 1rem;
  }
  .field {
    display: grid;
    gap: 0.375rem;
  }
  label {
    font-weight: 600;
  }
  .hint {
    font-size: 0.875rem;
    color: var(--muted);
  }
  input,
  select {
    font: inherit;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    color: var(--text);
    background: var(--input);
    border: 1px solid var(--border-strong);
    border-radius: 0.5rem;
  }
  input[aria-invalid='true'] {
    border-color: var(--negative);
    box-shadow: 0 0 0 1px var(--negative);
  }
  .field-error {
    display: flex;
    gap: 0.375rem;
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--negative);
  }
  .notice {
    padding: 0.75rem 1rem;
    border-radius: 0.625rem;
    border: 1px solid var(--border);
    background: var(--surface);
  }
  .notice.error {
    border-color: var(--negative);
    background: var(--negative-soft);
  }
  .notice.success {
    border-color: var(--positive);
    background: var(--positive-soft);
  }
  .badge {
    display: inline-block;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.02em;
    text-transform: uppercase;
    white-space: nowrap;
    border: 1px solid currentColor;
  }
  .badge.pending,
  .badge.waiting {
    color: var(--warning);
  }
  .badge.succeeded {
    color: var(--positive);
  }
  .badge.compensating {
    color: var(--warning);
  }
  .badge.failed {
    color: var(--negative);
  }
  .badge.closed {
    color: var(--muted);
  }
  ul.rows {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.rows > li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    padding: 0.75rem 0;
    border-top: 1px solid var(--border);
  }
  ul.rows > li:first-child {
    border-top: none;
  }
  .row-main {
    display: grid;
    gap: 0.125rem;
    min-width: 0;
  }
  .row-main > * {
    overflow-wrap: anywhere;
  }
  .row-end {
    display: grid;
    justify-items: end;
    gap: 0.125rem;
    text-align: right;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** Label–value lists (`<dl>`) of facts, as the settings cards show them: stacked on phones, in two columns wider. */
export const factListStyles = css`
  dl {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0.125rem;
    margin: 0;
  }
  dd + dt {
    margin-top: 0.5rem;
  }
  @media (min-width: 30rem) {
    dl {
      grid-template-columns: max-content 1fr;
      gap: 0.375rem 1rem;
    }
    dd + dt {
      margin-top: 0;
    }
  }
  dt {
    color: var(--muted);
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
`;
