import { css } from 'lit';

/** Move money: the kind switch, the form and the status of the requests sent. */
export const moveMoneyStyles = css`
  .tabs {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.25rem;
    padding: 0.25rem;
    border-radius: 0.75rem;
    background: var(--surface-strong);
    margin-bottom: 1rem;
  }
  .tabs a {
    display: flex;
    align-items: center;
    justify-content: center;
    min-height: 2.75rem;
    border-radius: 0.5rem;
    font-weight: 600;
    color: var(--text);
    text-decoration: none;
  }
  /* The chosen kind is told by an outline of 3:1 or more against the track, not by a shade alone (which the
     dark scheme's card and track colours are too close for). */
  .tabs a[aria-current='page'] {
    background: var(--card);
    color: var(--brand-text);
    box-shadow: inset 0 0 0 2px var(--brand-text);
  }
  .pair {
    display: grid;
    gap: 1rem;
  }
  @media (min-width: 40rem) {
    .pair {
      grid-template-columns: 1fr 1fr;
    }
  }
  .status-row {
    display: flex;
    justify-content: space-between;
    align-items: start;
    gap: 0.75rem;
  }
  .layout {
    display: grid;
    gap: 1rem;
  }
  @media (min-width: 60rem) {
    .layout {
      grid-template-columns: 3fr 2fr;
      align-items: start;
    }
    .layout.single {
      grid-template-columns: minmax(0, 40rem);
    }
  }
`;
