import { css } from 'lit';

/** The device name field. */
export const deviceNameFieldStyles = css`
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.75rem;
  }
  .field {
    flex: 1 1 14rem;
  }
`;
