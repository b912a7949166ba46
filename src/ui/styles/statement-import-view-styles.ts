import { css } from 'lit';

/** The statement import: column mapping and the preview table. */
export const statementImportStyles = css`
  .mapping {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
  }
  .preview {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid var(--border);
    vertical-align: top;
  }
  td.money {
    text-align: end;
    white-space: nowrap;
  }
  tr.duplicate td {
    color: var(--muted);
  }
`;
