import { css } from 'lit';

/** Sync settings: the state of sync, its form and the devices of the vault. */
export const syncSettingsStyles = css`
  :host {
    display: block;
  }
  dd {
    overflow-wrap: anywhere;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'Liberation Mono', monospace;
    font-size: 1.0625rem;
    font-weight: 700;
    letter-spacing: 0.04em;
    word-spacing: 0.25em;
    line-height: 1.7;
    overflow-wrap: anywhere;
    padding: 0.75rem;
    border-radius: 0.5rem;
    background: var(--card);
    border: 1px dashed var(--border-strong);
    user-select: all;
  }
  .warning {
    border-color: var(--warning);
    background: var(--surface);
  }
  .warning strong {
    color: var(--text);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    color: var(--link);
  }
  details[open] summary {
    margin-bottom: 1rem;
  }
`;
