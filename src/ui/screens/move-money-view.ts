import { html, nothing } from 'lit';
import { ScreenElement } from '../components/screen-element';
import { isCalendarDate, MAX_NOTE, type AccountView, type SagaView } from '../../bank';
import { accountName, accountNamer } from '../format/account-name';
import { amountField, selectField, textField } from '../components/form-fields';
import { localDay } from '../format/calendar-day';
import type { BankStore } from '../state/bank-store';
import { describeAmountProblem } from '../format/describe-amount-problem';
import { describeFailure } from '../format/describe-failure';
import { describeRequest } from '../format/describe-request';
import type { DisplaySettingsStore } from '../state/display-settings';
import { formatMoney } from '../format/format-money';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import { parseAmount } from '../format/parse-amount';
import { routeHref, type MoveKind } from '../app/route';
import { moneyRequestStatus } from '../state/request-status';
import { sharedStyles } from '../styles/shared-styles';
import { moveMoneyStyles } from '../styles/move-money-view-styles';

/** How long a movement is written before its button shows that it is (disabled). */
const SLOW_WRITE_MS = 150;

const TITLES: Readonly<Record<MoveKind, string>> = {
  deposit: 'Deposit',
  withdraw: 'Withdraw',
  transfer: 'Transfer',
};

/**
 * Deposit, withdraw or transfer: the form, then the live status of what was asked (waiting to sync, pending, done,
 * refunding, or failed with the reason in words). The request is recorded at once, offline too; the bank's saga
 * carries it out (with sync on, once the vault has put it in order).
 */
export class MoveMoneyView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    kind: { attribute: false },
    accountId: { attribute: false },
    from: { state: true },
    to: { state: true },
    amount: { state: true },
    amountError: { state: true },
    accountError: { state: true },
    accountNotice: { state: true },
    note: { state: true },
    day: { state: true },
    dayError: { state: true },
    failure: { state: true },
    submitted: { state: true },
  };
  static override styles = [sharedStyles, moveMoneyStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare kind: MoveKind;
  declare accountId: string | undefined;
  declare from: string;
  declare to: string;
  declare amount: string;
  /** What the movement was for, as typed. */
  declare note: string;
  /** The day it happened (`YYYY-MM-DD`), today unless the person enters a past movement. */
  declare day: string;
  declare dayError: string | undefined;
  declare amountError: string | undefined;
  declare accountError: string | undefined;
  /** Why an account the form was given (by a link, or chosen before it closed) is no longer chosen. */
  declare accountNotice: string | undefined;
  declare failure: string | undefined;
  /**
   * Whether a movement is being written: a second submit meanwhile (a double click) records nothing. The button is
   * disabled only when the write takes long (a busy disk, `SLOW_WRITE_MS`): a quick one would only flash it, and the
   * frame drawn for that stands between the click and the commit. On the button itself, not through a render of the
   * whole form, for the same reason.
   */
  #writing = false;
  #disableLater: ReturnType<typeof setTimeout> | undefined;
  /** What was asked on this screen, newest first. */
  declare submitted: readonly MoneyRequest[];
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #format = this.observe<MoneyFormat>();
  readonly #sagas = this.observe<ReadonlyMap<string, SagaView>>();
  readonly #pendingIds = this.observe<ReadonlySet<string>>();

  constructor() {
    super();
    this.kind = 'deposit';
    this.from = '';
    this.to = '';
    this.amount = '';
    this.note = '';
    this.day = localDay();
    this.submitted = [];
  }

  override firstUpdated(): void {
    this.focusFormWhenShown();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    this.#accounts.setSource(this.store.accounts$);
    this.#format.setSource(this.display.format$);
    this.#pendingIds.setSource(this.store.pendingIds$);
    if (changed.has('accountId') || changed.has('kind')) {
      this.from = this.accountId ?? this.from;
      this.amountError = undefined;
      this.accountError = undefined;
      this.accountNotice = undefined;
      this.failure = undefined;
    }
    this.#forgetUnshown(this.#accounts.value);
    if (changed.has('submitted')) {
      this.#sagas.setSource(
        this.submitted.length === 0 ? undefined : this.store.sagas$(this.submitted.map((r) => r.transactionId)),
      );
    }
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const open = (this.#accounts.value ?? []).filter((account) => !account.isClosed);
    const title = TITLES[this.kind];
    return html`
      <div class="page-header"><h1>Move money</h1></div>
      <nav class="tabs" aria-label="Kind of movement">
        ${(['deposit', 'withdraw', 'transfer'] as const).map(
          (kind) =>
            html`<a
              href=${routeHref({ screen: 'move', kind, ...(this.from === '' ? {} : { accountId: this.from }) })}
              aria-current=${kind === this.kind ? 'page' : 'false'}
              >${TITLES[kind]}</a
            >`,
        )}
      </nav>
      <div class="layout ${this.submitted.length === 0 ? 'single' : ''}">
        <section class="card" aria-labelledby="form-heading">
          <h2 id="form-heading">${this.#heading()}</h2>
          ${
            this.#accounts.value !== undefined && open.length === 0
              ? html`<p>
                  You have no open account yet. <a href=${routeHref({ screen: 'open' })}>Open an account</a> first.
                </p>`
              : html`<form novalidate @submit=${this.#submit}>
                  ${
                    this.kind === 'transfer'
                      ? html`<div class="pair">
                          ${this.#accountSelect('from', 'From', this.from, open, format, (id) => (this.from = id))}
                          ${this.#accountSelect('to', 'To', this.to, open, format, (id) => (this.to = id))}
                        </div>`
                      : this.#accountSelect('from', 'Account', this.from, open, format, (id) => (this.from = id))
                  }
                  ${
                    this.accountNotice === undefined
                      ? nothing
                      : html`<p class="notice" role="status" data-testid="account-notice">${this.accountNotice}</p>`
                  }
                  ${
                    this.accountError === undefined
                      ? nothing
                      : html`<span class="field-error" role="alert"
                          ><span aria-hidden="true">⚠</span>${this.accountError}</span
                        >`
                  }
                  ${amountField({
                    id: 'amount',
                    label: 'Amount',
                    value: this.amount,
                    error: this.amountError,
                    required: true,
                    onInput: (value) => {
                      this.amount = value;
                      this.amountError = undefined;
                    },
                  })}
                  ${textField({
                    id: 'note',
                    label: 'Note (optional)',
                    hint: 'What it was for, or who paid.',
                    value: this.note,
                    error: undefined,
                    maxLength: MAX_NOTE,
                    onInput: (value) => (this.note = value),
                  })}
                  ${textField({
                    id: 'day',
                    label: 'Date',
                    type: 'date',
                    hint: 'The day it happened; today unless you are entering a past one.',
                    value: this.day,
                    error: this.dayError,
                    required: true,
                    max: localDay(),
                    onInput: (value) => {
                      this.day = value;
                      this.dayError = undefined;
                    },
                  })}
                  ${
                    this.failure === undefined
                      ? nothing
                      : html`<p class="notice error" role="alert">${this.failure}</p>`
                  }
                  <div class="actions">
                    <button type="submit" @click=${this.#submitClicked}>${title}</button>
                  </div>
                </form>`
          }
        </section>
        ${this.#renderSubmitted(format)}
      </div>
    `;
  }

  /**
   * Forgets a chosen account that the form does not show — closed (here or in another tab), or named by a link but
   * unknown to this bank — and says why, so that what is sent is always what the selects show.
   */
  #forgetUnshown(accounts: readonly AccountView[] | undefined): void {
    if (accounts === undefined) return;
    for (const side of ['from', 'to'] as const) {
      const id = this[side];
      if (id === '') continue;
      const account = accounts.find((candidate) => candidate.id === id);
      if (account !== undefined && !account.isClosed) continue;
      this[side] = '';
      this.accountNotice =
        account === undefined
          ? 'The link named an account this bank does not have. Choose an account.'
          : `${accountName(account)} is closed, so nothing can be moved in or out of it. Choose an open account.`;
    }
  }

  #heading(): string {
    switch (this.kind) {
      case 'deposit':
        return 'Put money into an account';
      case 'withdraw':
        return 'Take money out of an account';
      case 'transfer':
        return 'Move money between your accounts';
    }
  }

  #accountSelect(
    id: string,
    label: string,
    value: string,
    accounts: readonly AccountView[],
    format: MoneyFormat,
    onChange: (accountId: string) => void,
  ) {
    return selectField({
      id,
      label,
      value,
      error: undefined,
      required: true,
      placeholder: 'Choose an account',
      options: accounts.map((account) => ({
        value: account.id,
        label: `${accountName(account)} (${formatMoney(account.balance, format)})`,
      })),
      onChange: (accountId) => {
        onChange(accountId);
        this.accountError = undefined;
        this.accountNotice = undefined;
      },
    });
  }

  #renderSubmitted(format: MoneyFormat) {
    if (this.submitted.length === 0) return nothing;
    const nameOf = accountNamer(this.#accounts.value);
    const sagas = this.#sagas.value;
    return html`<section class="card" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <div role="status" aria-live="polite">
        <ul class="rows">
          ${this.submitted.map((request) => {
            const status = moneyRequestStatus(request, sagas?.get(request.transactionId), {
              syncing: this.store.syncing,
              pendingIds: this.#pendingIds.value ?? new Set(),
              nameOf,
              format,
            }) ?? { label: 'Pending', tone: 'pending' };
            return html`<li data-transaction=${request.transactionId}>
              <span class="row-main">
                <span>${describeRequest(request, nameOf, format)}</span>
                ${status.reason === undefined ? nothing : html`<span class="negative small">${status.reason}</span>`}
              </span>
              <span class="badge ${status.tone}">${status.label}</span>
            </li>`;
          })}
        </ul>
      </div>
    </section>`;
  }

  #checkAmount(): number | undefined {
    const format = this.display.format;
    const parsed = parseAmount(this.amount, format);
    if (parsed.ok && parsed.cents === 0) {
      this.amountError = 'Enter an amount above zero.';
      return undefined;
    }
    if (!parsed.ok) {
      this.amountError = describeAmountProblem(parsed.problem, format.locale);
      return undefined;
    }
    this.amountError = undefined;
    return parsed.cents;
  }

  /**
   * A click on the submit button (Enter in a field clicks it too) submits here, and the browser's own submission is
   * called off: in Chromium it takes over half a millisecond before the submit event, between the click and the
   * commit. The form stays a form, with its submit button, for whoever reads or fills it.
   */
  #submitClicked(event: MouseEvent): void {
    void this.#submit(event);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.#writing) return;
    this.failure = undefined;
    this.#forgetUnshown(this.#accounts.value);
    this.accountError =
      this.#accounts.value === undefined
        ? 'Your accounts are still loading. Try again in a moment.'
        : this.from === '' || (this.kind === 'transfer' && this.to === '')
          ? 'Choose an account.'
          : this.kind === 'transfer' && this.from === this.to
            ? 'Choose two different accounts.'
            : undefined;
    const cents = this.#checkAmount();
    this.dayError = checkDay(this.day);
    if (this.accountError !== undefined || cents === undefined || this.dayError !== undefined) {
      await this.updateComplete;
      const first = this.accountError !== undefined ? 'select' : cents === undefined ? '#amount' : '#day';
      this.renderRoot.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    this.#setWriting(true);
    try {
      const request = await this.#record(cents);
      this.submitted = [request, ...this.submitted].slice(0, 10);
      this.amount = '';
      this.note = '';
    } catch (error) {
      this.failure = describeFailure(error, this.display.format, accountNamer(this.#accounts.value));
    } finally {
      this.#setWriting(false);
    }
  }

  #setWriting(writing: boolean): void {
    this.#writing = writing;
    clearTimeout(this.#disableLater);
    const button = this.renderRoot.querySelector<HTMLButtonElement>('form button[type="submit"]');
    if (button === null) return;
    if (writing) this.#disableLater = setTimeout(() => (button.disabled = this.#writing), SLOW_WRITE_MS);
    else button.disabled = false;
  }

  async #record(amount: number): Promise<MoneyRequest> {
    const timestamp = new Date().toISOString();
    const note = this.note.trim();
    const details = { ...(note === '' ? {} : { note }), occurredOn: this.day };
    switch (this.kind) {
      case 'deposit': {
        const transactionId = await this.store.deposit(this.from, amount, details);
        return { kind: 'deposit', creditAccountId: this.from, amount, transactionId, timestamp };
      }
      case 'withdraw': {
        const transactionId = await this.store.withdraw(this.from, amount, details);
        return { kind: 'withdrawal', debitAccountId: this.from, amount, transactionId, timestamp };
      }
      case 'transfer': {
        const transactionId = await this.store.transfer(this.from, this.to, amount, details);
        return {
          kind: 'transfer',
          debitAccountId: this.from,
          creditAccountId: this.to,
          amount,
          transactionId,
          timestamp,
        };
      }
    }
  }
}

/** Why the day of a movement is refused, if it is: only real days, and none after today. */
function checkDay(day: string): string | undefined {
  if (!isCalendarDate(day)) return 'Enter the day it happened.';
  return day > localDay() ? 'A movement cannot be entered before the day it happens.' : undefined;
}

customElements.define('move-money-view', MoveMoneyView);
