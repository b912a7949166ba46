import { html, nothing } from 'lit';
import { ScreenElement } from '../components/screen-element';
import type { AccountView } from '../../bank';
import { accountNamer } from '../format/account-name';
import type { BankStore } from '../state/bank-store';
import type { DisplaySettingsStore } from '../state/display-settings';
import { describeEntry } from '../format/describe-entry';
import { describeWhen } from '../format/calendar-day';
import { formatMoney } from '../format/format-money';
import type { LedgerTotals } from '../state/ledger-totals';
import type { LoggedEntry } from '../state/logged-entry';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import { routeHref } from '../app/route';
import { sharedStyles } from '../styles/shared-styles';
import { ledgerStyles } from '../styles/ledger-view-styles';

const PAGE = 50;

/**
 * The general ledger: the bank's total and its count of credits and debits, checked against the sum of the
 * accounts' balances, and the transaction log, newest first: when, which account, what it was (and its note), and
 * the amount.
 */
export class LedgerView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    shown: { state: true },
  };
  static override styles = [sharedStyles, ledgerStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare shown: number;
  readonly #ledger = this.observe<LedgerTotals>();
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #entries = this.observe<readonly LoggedEntry[]>();
  readonly #format = this.observe<MoneyFormat>();
  readonly #requestsById = this.observe<ReadonlyMap<string, MoneyRequest>>();

  constructor() {
    super();
    this.shown = PAGE;
  }

  override willUpdate(): void {
    this.#ledger.setSource(this.store.ledger$);
    this.#accounts.setSource(this.store.accounts$);
    this.#entries.setSource(this.store.entries$);
    this.#format.setSource(this.display.format$);
    this.#requestsById.setSource(this.store.requestsById$);
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const ledger = this.#ledger.value;
    const accounts = this.#accounts.value;
    const sum = accounts?.reduce((total, account) => total + BigInt(account.balance), 0n);
    const entries = (this.#entries.value ?? []).filter((entry) => entry.kind !== 'opening');
    const nameOf = accountNamer(accounts);
    return html`
      <div class="page-header"><h1>Ledger</h1></div>
      <div class="stack">
        <section class="card" aria-labelledby="general-heading">
          <h2 id="general-heading">General ledger</h2>
          <dl class="figures">
            <div>
              <dt>Bank total</dt>
              <dd class="money" data-testid="ledger-balance">
                ${ledger === undefined ? '…' : formatMoney(ledger.balance, format)}
              </dd>
            </div>
            <div>
              <dt>Credits and debits</dt>
              <dd data-testid="ledger-count">${ledger?.transactionCount ?? '…'}</dd>
            </div>
            <div>
              <dt>Sum of account balances</dt>
              <dd class="money">${sum === undefined ? '…' : formatMoney(sum, format)}</dd>
            </div>
          </dl>
          ${
            ledger === undefined || sum === undefined
              ? nothing
              : html`<p class="small ${ledger.balance === sum ? 'positive' : 'muted'}" role="status">
                  ${
                    ledger.balance === sum
                      ? '✓ The ledger matches the accounts.'
                      : 'The ledger is catching up with the latest changes…'
                  }
                </p>`
          }
        </section>
        <section class="card" aria-labelledby="log-heading">
          <h2 id="log-heading">Transaction log</h2>
          ${
            entries.length === 0
              ? html`<p class="muted">No credits or debits yet.</p>`
              : html`<table>
                    <caption class="visually-hidden">
                      Credits and debits, newest first
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col" class="when">When</th>
                        <th scope="col">What</th>
                        <th scope="col" class="amount">Amount</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${entries
                        .slice(-this.shown)
                        .reverse()
                        .map((entry) => {
                          const signed = entry.kind === 'debit' ? -entry.amount : entry.amount;
                          const request =
                            entry.transactionId === undefined
                              ? undefined
                              : this.#requestsById.value?.get(entry.transactionId);
                          const when = describeWhen(entry.occurredOn, entry.timestamp, format.locale);
                          return html`<tr>
                            <td class="when muted">${when}</td>
                            <td>
                              <a href=${routeHref({ screen: 'account', accountId: entry.accountId })}
                                >${nameOf(entry.accountId)}</a
                              >
                              <span class="what small" data-testid="ledger-description"
                                >${describeEntry(entry, request, nameOf)}${entry.note === undefined ? '' : ` · ${entry.note}`}</span
                              >
                              <span class="when-inline muted small">${when}</span>
                            </td>
                            <td class="amount money ${signed < 0 ? 'negative' : 'positive'}">
                              ${signed > 0 ? '+' : ''}${formatMoney(signed, format)}
                            </td>
                          </tr>`;
                        })}
                    </tbody>
                  </table>
                  ${
                    entries.length > this.shown
                      ? html`<button type="button" class="secondary" @click=${() => (this.shown += PAGE)}>
                          Show older entries
                        </button>`
                      : nothing
                  }`
          }
        </section>
      </div>
    `;
  }
}

customElements.define('ledger-view', LedgerView);
