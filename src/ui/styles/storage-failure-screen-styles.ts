import { css } from 'lit';

/** The full-page explanation shown when storage fails. */
export const storageFailureStyles = css`
  :host {
    display: grid;
    place-items: center;
    min-height: 70vh;
    padding: 1rem;
  }
  .card {
    max-width: 36rem;
    display: grid;
    gap: 1rem;
    border-top: 4px solid var(--negative);
  }
  ol {
    margin: 0;
    padding-left: 1.25rem;
    display: grid;
    gap: 0.375rem;
  }
`;
