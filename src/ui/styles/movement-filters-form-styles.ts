import { css } from 'lit';

/** The search and filter form of the history and the activity. */
export const movementFiltersStyles = css`
  .grid {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr));
  }
  .wide {
    grid-column: 1 / -1;
  }
  /* A date field's own minimum width would push it out of a narrow column. */
  .grid input,
  .grid select {
    min-width: 0;
    width: 100%;
    box-sizing: border-box;
  }
`;
