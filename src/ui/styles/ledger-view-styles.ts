import { css } from 'lit';

/** The ledger: its figures, and its transaction log as a table whose day moves under the description on phones. */
export const ledgerStyles = css`
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 1rem;
    margin: 0;
  }
  .figures div {
    display: grid;
    gap: 0.25rem;
  }
  .figures dt {
    color: var(--muted);
  }
  .figures dd {
    margin: 0;
    font-size: 1.5rem;
    font-weight: 700;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: 0.625rem 0.5rem;
    text-align: left;
    border-top: 1px solid var(--border);
    vertical-align: top;
  }
  th {
    font-size: 0.875rem;
    color: var(--muted);
    border-top: none;
  }
  td.amount,
  th.amount {
    text-align: right;
  }
  .what,
  .when-inline {
    display: block;
    overflow-wrap: anywhere;
  }
  .when-inline {
    display: none;
  }
  /* On phones the day moves under the description, rather than taking a column of its own. */
  @media (max-width: 36rem) {
    .when {
      display: none;
    }
    .when-inline {
      display: block;
    }
  }
`;
