import { css, html, LitElement, nothing } from 'lit';
import type { AccountView } from '../bank';
import { accountName } from './account-name';
import type { BankStore } from './bank-store';
import type { DisplaySettingsStore } from './display-settings';
import { formatMoney } from './format-money';
import type { LedgerTotals } from './ledger-totals';
import type { MoneyFormat } from './money-format';
import { ObservableController } from './observable-controller';
import { routeHref } from './route';
import { sharedStyles } from './shared-styles';

/** The first screen: the bank's total from the ledger, and every account with its balance. */
export class AccountListView extends LitElement {
  static override properties = { store: { attribute: false }, display: { attribute: false } };
  static override styles = [
    sharedStyles,
    css`
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
      .account {
        display: grid;
        gap: 0.5rem;
        height: 100%;
        color: inherit;
        text-decoration: none;
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
      .account.closed {
        opacity: 0.75;
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
    `,
  ];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  readonly #accounts = new ObservableController<readonly AccountView[]>(this);
  readonly #ledger = new ObservableController<LedgerTotals>(this);
  readonly #format = new ObservableController<MoneyFormat>(this);

  override willUpdate(): void {
    this.#accounts.setSource(this.store.accounts$);
    this.#ledger.setSource(this.store.ledger$);
    this.#format.setSource(this.display.format$);
  }

  override render() {
    const format = this.#format.value ?? this.display.format;
    const accounts = this.#accounts.value;
    const ledger = this.#ledger.value;
    const open = accounts?.filter((account) => !account.isClosed) ?? [];
    return html`
      <div class="page-header">
        <h1>Accounts</h1>
        <a class="button" href=${routeHref({ screen: 'open' })}>New account</a>
      </div>
      <div class="stack">
        <section class="card total" aria-labelledby="total-label">
          <span class="label" id="total-label">Total in the bank</span>
          <span class="amount money" data-testid="bank-total"
            >${ledger === undefined ? '…' : formatMoney(ledger.balance, format)}</span
          >
          <span class="detail"
            >${open.length === 1 ? '1 open account' : `${open.length} open accounts`} ·
            ${
              ledger === undefined
                ? ''
                : ledger.transactionCount === 1
                  ? '1 transaction'
                  : `${ledger.transactionCount} transactions`
            }</span
          >
        </section>
        ${
          open.length === 0
            ? nothing
            : html`<nav class="quick" aria-label="Move money">
                <a class="button secondary" href=${routeHref({ screen: 'move', kind: 'deposit' })}>Deposit</a>
                <a class="button secondary" href=${routeHref({ screen: 'move', kind: 'withdraw' })}>Withdraw</a>
                <a class="button secondary" href=${routeHref({ screen: 'move', kind: 'transfer' })}>Transfer</a>
              </nav>`
        }
        ${
          accounts === undefined
            ? html`<p class="muted" role="status">Loading your accounts…</p>`
            : accounts.length === 0
              ? this.#renderEmpty()
              : html`<ul class="accounts" aria-label="Your accounts">
                  ${accounts.map((account) => this.#renderAccount(account, format))}
                </ul>`
        }
      </div>
    `;
  }

  #renderAccount(account: AccountView, format: MoneyFormat) {
    const name = accountName(account);
    return html`<li>
      <a
        class="card account ${account.isClosed ? 'closed' : ''}"
        href=${routeHref({ screen: 'account', accountId: account.id })}
        aria-label="${name}, balance ${formatMoney(account.balance, format)}${account.isClosed ? ', closed' : ''}"
      >
        <span class="top">
          <span class="name">${name}</span>
          ${account.isClosed ? html`<span class="badge closed">Closed</span>` : nothing}
        </span>
        <span class="balance money ${account.balance < 0 ? 'negative' : ''}"
          >${formatMoney(account.balance, format)}</span
        >
        <span class="muted small"
          >${
            account.overdraftLimit > 0
              ? `Available ${formatMoney(account.balance + account.overdraftLimit, format)} · overdraft ${formatMoney(
                  account.overdraftLimit,
                  format,
                )}`
              : account.isClosed
                ? 'No longer in use'
                : 'No overdraft'
          }</span
        >
      </a>
    </li>`;
  }

  #renderEmpty() {
    return html`<section class="card empty">
      <h2>No accounts yet</h2>
      <p class="muted">Open your first account to start keeping track. Everything stays on this device.</p>
      <a class="button" href=${routeHref({ screen: 'open' })}>Open your first account</a>
    </section>`;
  }
}

customElements.define('account-list-view', AccountListView);
