import { css } from 'lit';

/** An account's page: its balance and facts, the chart, management and history columns, and its inline forms. */
export const accountPageStyles = css`
  .summary {
    display: grid;
    gap: 1rem;
  }
  .balance {
    font-size: clamp(2rem, 7vw, 2.75rem);
    font-weight: 700;
    line-height: 1.1;
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0.75rem;
    margin: 0;
  }
  .facts div {
    display: grid;
    gap: 0.125rem;
  }
  .facts dt {
    color: var(--muted);
    font-size: 0.875rem;
  }
  .facts dd {
    margin: 0;
    font-weight: 700;
    font-size: 1.125rem;
  }
  .columns {
    display: grid;
    gap: 1rem;
  }
  /* On phones the management card comes before the history, reachable without scrolling through it; on wide
     screens it stands beside the chart and the history. */
  @media (min-width: 60rem) {
    .columns {
      grid-template-columns: 3fr 2fr;
      grid-template-rows: auto 1fr;
      grid-template-areas: 'chart manage' 'history manage';
      align-items: start;
    }
    .columns > .chart {
      grid-area: chart;
    }
    .columns > .manage {
      grid-area: manage;
    }
    .columns > .history {
      grid-area: history;
    }
  }
  .move {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.5rem;
    width: 100%;
  }
  @media (min-width: 40rem) {
    .move {
      display: flex;
      width: auto;
    }
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.75rem;
  }
  .inline-form .field {
    flex: 1 1 12rem;
  }
`;
