import { css } from 'lit';

/** The balance chart: a step line over a time axis, its range switch, its cursor and its table. */
export const balanceChartStyles = css`
  :host {
    display: block;
  }
  .ranges {
    display: inline-flex;
    gap: 0.25rem;
    padding: 0.25rem;
    border-radius: 0.5rem;
    background: var(--surface-strong);
    margin-bottom: 0.75rem;
  }
  .ranges button {
    min-height: 2.25rem;
    padding: 0 0.75rem;
    border: 0;
    border-radius: 0.375rem;
    background: transparent;
    color: var(--text);
    font: inherit;
    font-weight: 600;
  }
  .ranges button[aria-pressed='true'] {
    background: var(--card);
    color: var(--brand-text);
    box-shadow: var(--shadow);
    outline: 2px solid var(--brand-text);
    outline-offset: -2px;
  }
  svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
    touch-action: pan-y;
  }
  svg:focus-visible {
    outline: 3px solid var(--focus, var(--brand-text));
    outline-offset: 2px;
    border-radius: 0.25rem;
  }
  .line {
    fill: none;
    stroke: var(--brand-text);
    stroke-width: 2.5;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
  }
  .area {
    fill: var(--brand-text);
    opacity: 0.1;
  }
  .zero {
    stroke: var(--negative);
    stroke-dasharray: 4 4;
    vector-effect: non-scaling-stroke;
  }
  .grid {
    stroke: var(--border);
    vector-effect: non-scaling-stroke;
  }
  .cursor {
    stroke: var(--text);
    stroke-width: 1;
    vector-effect: non-scaling-stroke;
  }
  .dot {
    fill: var(--card);
    stroke: var(--brand-text);
    stroke-width: 2.5;
  }
  text {
    fill: var(--muted);
    font:
      12px system-ui,
      sans-serif;
  }
  .readout {
    min-height: 1.5rem;
    margin: 0.5rem 0 0;
    font-variant-numeric: tabular-nums;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .empty {
    color: var(--muted);
    margin: 0;
  }
  details {
    margin-top: 0.5rem;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid var(--border);
    text-align: left;
  }
  td.money,
  th.money {
    text-align: right;
  }
`;
