import { css } from 'lit';

/** The account list: the bank total, the quick actions and the account cards, lined up by a subgrid. */
export const accountListStyles = css`
  .total {
    display: grid;
    gap: 0.25rem;
    color: var(--brand-contrast);
    background: linear-gradient(135deg, var(--brand), var(--brand-deep));
    border: none;
  }
  .total .label {
    font-weight: 600;
    opacity: 0.9;
  }
  .total .amount {
    font-size: clamp(1.75rem, 6vw, 2.5rem);
    font-weight: 700;
    line-height: 1.15;
  }
  .total .detail {
    opacity: 0.9;
    font-size: 0.9375rem;
  }
  .accounts {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* Each card is four rows of the list's grid (subgrid), so that names, balances and facts line up across the
     cards of a row whatever the length of a name. */
  .accounts > li {
    display: grid;
    grid-row: span 4;
    grid-template-rows: subgrid;
    row-gap: 0;
  }
  .account {
    display: grid;
    grid-row: span 4;
    grid-template-rows: subgrid;
    row-gap: 0.5rem;
    height: 100%;
    color: inherit;
    text-decoration: none;
  }
  .account .top {
    grid-row: 1;
  }
  .account .balance {
    grid-row: 2;
  }
  .account .available {
    grid-row: 3;
  }
  .account .facts {
    grid-row: 4;
  }
  .account:hover {
    border-color: var(--brand-text);
  }
  .account .top {
    display: flex;
    justify-content: space-between;
    align-items: start;
    gap: 0.5rem;
  }
  .account .name {
    font-weight: 700;
    font-size: 1.0625rem;
    overflow-wrap: anywhere;
  }
  .account .balance {
    font-size: 1.375rem;
    font-weight: 700;
  }
  .account .available {
    font-size: 0.9375rem;
  }
  /* A closed account is set apart by its background and badge, never by fading (its text keeps AA contrast). */
  .account.closed {
    background: var(--surface);
    box-shadow: none;
  }
  .account.closed .balance {
    color: var(--muted);
  }
  .account.waiting {
    border-style: dashed;
  }
  .empty {
    text-align: center;
    display: grid;
    gap: 0.75rem;
    justify-items: center;
    padding: 2rem 1.25rem;
  }
  .quick {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.5rem;
  }
`;
