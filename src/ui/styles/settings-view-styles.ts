import { css } from 'lit';

/** Settings: display, storage, data and about cards. */
export const settingsStyles = css`
  .grid {
    display: grid;
    gap: 1rem;
  }
  @media (min-width: 60rem) {
    .grid {
      grid-template-columns: 1fr 1fr;
      align-items: start;
    }
  }
  .pair {
    display: grid;
    gap: 1rem;
  }
  @media (min-width: 30rem) {
    .pair {
      grid-template-columns: 1fr 1fr;
    }
  }
  meter {
    width: 100%;
    height: 0.75rem;
  }
  input[type='file'] {
    padding: 0.5rem;
  }
  #sync {
    /* Below the sticky header and navigation when the address leads straight to it. */
    scroll-margin-top: 7.5rem;
  }
`;
