import { css } from 'lit';

/** The request history: its filters, its list of requests and their details. */
export const inspectorStyles = css`
  .filters {
    display: grid;
    gap: 0.75rem;
  }
  @media (min-width: 40rem) {
    .filters {
      grid-template-columns: 1fr 1fr;
    }
  }
  ul.requests {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.requests > li {
    border-top: 1px solid var(--border);
  }
  ul.requests > li:first-child {
    border-top: none;
  }
  .row {
    display: flex;
    width: 100%;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    min-height: 3rem;
    padding: 0.75rem 0.25rem;
    color: var(--text);
    background: none;
    border: none;
    border-radius: 0.5rem;
    font-weight: 400;
    text-align: left;
  }
  .row:hover {
    background: var(--surface);
  }
  .row .title {
    font-weight: 600;
  }
  .detail {
    display: grid;
    gap: 0.75rem;
    margin: 0 0 1rem;
    padding: 0.75rem 1rem;
    border-left: 4px solid var(--brand);
    border-radius: 0.375rem;
    background: var(--surface);
  }

  .balances {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }
  .technical summary {
    cursor: pointer;
    font-weight: 600;
    padding: 0.625rem 0;
  }
  .technical h4 {
    margin: 0.75rem 0 0.25rem;
    font-size: 0.9375rem;
  }
  .technical ol {
    margin: 0;
    padding-left: 1.25rem;
  }
  .technical pre {
    margin: 0.25rem 0 0.5rem;
    padding: 0.5rem;
    overflow-x: auto;
    font-size: 0.8125rem;
    background: var(--card);
    border-radius: 0.375rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
`;
