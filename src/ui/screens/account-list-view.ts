import { html, nothing } from 'lit';
import { loadingState, ScreenElement } from '../components/screen-element';
import type { AccountView } from '../../bank';
import { accountName } from '../format/account-name';
import { availableToSpend, pendingDebits } from '../use-cases/available-to-spend';
import type { BankStore } from '../state/bank-store';
import type { DisplaySettingsStore } from '../state/display-settings';
import { describeAvailable } from '../format/describe-available';
import { formatMoney } from '../format/format-money';
import type { LedgerTotals } from '../state/ledger-totals';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import type { AccountRequestEntry } from '../state/recorded-request';
import { routeHref } from '../app/route';
import { sharedStyles } from '../styles/shared-styles';
import { accountListStyles } from '../styles/account-list-view-styles';

/**
 * The first screen: the bank's total from the ledger, and every account with its confirmed balance and what it can
 * still pay out; with sync on, accounts this device opened that wait to sync, too.
 */
export class AccountListView extends ScreenElement {
  static override properties = { store: { attribute: false }, display: { attribute: false } };
  static override styles = [sharedStyles, accountListStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #ledger = this.observe<LedgerTotals>();
  readonly #format = this.observe<MoneyFormat>();
  readonly #requests = this.observe<readonly MoneyRequest[]>();
  readonly #accountRequests = this.observe<readonly AccountRequestEntry[]>();
  readonly #pendingIds = this.observe<ReadonlySet<string>>();

  override willUpdate(): void {
    this.#accounts.setSource(this.store.accounts$);
    this.#ledger.setSource(this.store.ledger$);
    this.#format.setSource(this.display.format$);
    this.#requests.setSource(this.store.pendingMoneyRequests$);
    this.#accountRequests.setSource(this.store.pendingAccountRequests$);
    this.#pendingIds.setSource(this.store.pendingIds$);
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const accounts = this.#accounts.value;
    const ledger = this.#ledger.value;
    const open = accounts?.filter((account) => !account.isClosed) ?? [];
    const waiting = this.#waitingOpenings(accounts);
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
          <span class="detail">${open.length === 1 ? '1 open account' : `${open.length} open accounts`}</span>
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
            ? loadingState('your accounts')
            : accounts.length === 0 && waiting.length === 0
              ? this.#renderEmpty()
              : html`<ul class="accounts" aria-label="Your accounts">
                  ${accounts.map((account) => this.#renderAccount(account, format))}
                  ${waiting.map((opening) => this.#renderWaiting(opening))}
                </ul>`
        }
      </div>
    `;
  }

  #renderAccount(account: AccountView, format: MoneyFormat) {
    const name = accountName(account);
    const requests = this.#requests.value ?? [];
    const pendingIds = this.#pendingIds.value ?? new Set<string>();
    const available = availableToSpend(account, requests, pendingIds);
    const waiting = pendingDebits(account.id, requests, pendingIds);
    const balance = formatMoney(account.balance, format);
    const facts =
      available === undefined
        ? ['No longer in use']
        : [
            account.overdraftLimit > 0 ? `Overdraft ${formatMoney(account.overdraftLimit, format)}` : 'No overdraft',
            ...(waiting > 0 ? [`${formatMoney(waiting, format)} waiting to sync`] : []),
          ];
    // The card's name is its own text (what a person sees, read in order), with unseen commas and the word
    // "balance" so a screen reader says it as a sentence: "Savings, balance $10.00, Available $12.00, No overdraft".
    return html`<li>
      <a
        class="card account ${account.isClosed ? 'closed' : ''}"
        href=${routeHref({ screen: 'account', accountId: account.id })}
      >
        <span class="top">
          <span class="name">${name}${PAUSE}</span>
          ${account.isClosed ? html`<span class="badge closed">Closed${PAUSE}</span>` : nothing}
        </span>
        <span class="balance money ${account.balance < 0 ? 'negative' : ''}"
          ><span class="visually-hidden">balance </span
          ><span data-testid="listed-balance">${balance}</span>${PAUSE}</span
        >
        ${available === undefined ? nothing : this.#renderAvailable(available, format)}
        <span class="facts muted small" data-testid="account-facts">${facts.join(' · ')}</span>
      </a>
    </li>`;
  }

  #renderAvailable(available: bigint, format: MoneyFormat) {
    const { label, amount, overLimit } = describeAvailable(available, format);
    return html`<span class="available ${overLimit ? 'negative' : ''}"
      >${label} <strong class="money" data-testid="listed-available">${amount}</strong>${PAUSE}</span
    >`;
  }

  /** An account this device asked to open that waits to sync: it exists once the vault has ordered the request. */
  #renderWaiting(opening: Extract<AccountRequestEntry, { kind: 'account-opening' }>) {
    const name = opening.name.trim() === '' ? 'Unnamed account' : opening.name;
    return html`<li>
      <a class="card account waiting" href=${routeHref({ screen: 'account', accountId: opening.accountId })}>
        <span class="top">
          <span class="name">${name}${PAUSE}</span>
          <span class="badge waiting">Waiting to sync${PAUSE}</span>
        </span>
        <span class="muted small">Opened once this device syncs</span>
      </a>
    </li>`;
  }

  /** This device's account openings that wait to sync, for accounts not derived yet. */
  #waitingOpenings(accounts: readonly AccountView[] | undefined) {
    const pendingIds = this.#pendingIds.value;
    if (accounts === undefined || pendingIds === undefined || pendingIds.size === 0) return [];
    const known = new Set(accounts.map((account) => account.id));
    return (this.#accountRequests.value ?? []).filter(
      (request): request is Extract<AccountRequestEntry, { kind: 'account-opening' }> =>
        request.kind === 'account-opening' && pendingIds.has(request.requestId) && !known.has(request.accountId),
    );
  }

  #renderEmpty() {
    return html`<section class="card empty">
      <h2>No accounts yet</h2>
      <p class="muted">Open your first account to start keeping track. Everything stays on this device.</p>
      <a class="button" href=${routeHref({ screen: 'open' })}>Open your first account</a>
    </section>`;
  }
}

/** A comma only screen readers get: a pause between the parts of a card's name. */
const PAUSE = html`<span class="visually-hidden">,</span>`;

customElements.define('account-list-view', AccountListView);
