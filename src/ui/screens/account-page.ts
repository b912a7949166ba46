import { html, nothing } from 'lit';
import { loadingState, ScreenElement } from '../components/screen-element';
import type { AccountView, BankError } from '../../bank';
import { balancePoints, type HistoryLine } from '../use-cases/account-history';
import { accountName, accountNamer, isVisibleName } from '../format/account-name';
import { amountField, selectField, textField } from '../components/form-fields';
import { describeWhen, localDay } from '../format/calendar-day';
import { availableToSpend, pendingDebits } from '../use-cases/available-to-spend';
import '../components/balance-chart';
import type { BankStore } from '../state/bank-store';
import { describeAmountProblem } from '../format/describe-amount-problem';
import { describeEntry } from '../format/describe-entry';
import { describeFailure } from '../format/describe-failure';
import { describeRefusalAfterSync } from '../format/describe-refusal-after-sync';
import type { DisplaySettingsStore } from '../state/display-settings';
import { describeAvailable } from '../format/describe-available';
import { formatMoney } from '../format/format-money';
import { formatDateTime } from '../format/format-date-time';
import type { AccountHistory } from '../state/live-account-history';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import { parseAmount } from '../format/parse-amount';
import type { AccountRequestEntry } from '../state/recorded-request';
import { routeHref } from '../app/route';
import { sharedStyles } from '../styles/shared-styles';
import { accountPageStyles } from '../styles/account-page-styles';
import type { MovementFilters } from '../state/movement-filters';
import type { MovementSearch } from '../state/movement-search';

/** What the history's search needs, loaded on first use so that it is not part of the first visit. */
async function loadSearch() {
  const [filters, search, shapes] = await Promise.all([
    import('../state/movement-filters'),
    import('../state/movement-search'),
    import('../use-cases/movement-shapes'),
    import('../components/movement-filters-form'),
  ]);
  return { ...filters, MovementSearch: search.MovementSearch, historyShape: shapes.historyShape };
}

const PAGE = 25;

/**
 * One account: its confirmed balance, what it can still pay out (none once closed), overdraft limit, a balance
 * chart, its history (newest first), and closing. With sync on, what this device asked of it that waits to sync,
 * and a limit or closing refused once synced, with why.
 */
export class AccountPage extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    accountId: { attribute: false },
    query: { attribute: false },
    shown: { state: true },
    filters: { state: true },
    exportNotice: { state: true },
    limitText: { state: true },
    limitError: { state: true },
    limitNotice: { state: true },
    confirmingClose: { state: true },
    nameText: { state: true },
    nameError: { state: true },
    nameNotice: { state: true },
    closeTarget: { state: true },
    failure: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, accountPageStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare accountId: string;
  /** The search in the address's query (`#/accounts/<id>?q=…`). */
  declare query: string;
  declare shown: number;
  declare filters: MovementFilters;
  declare exportNotice: { readonly ok: boolean; readonly text: string } | undefined;
  #search: Awaited<ReturnType<typeof loadSearch>> | undefined;
  #historySearch: MovementSearch<HistoryLine> | undefined;
  /** The query this page last wrote into the address (so that reading it back changes nothing). */
  #writtenQuery = '';
  declare limitText: string;
  declare limitError: string | undefined;
  declare limitNotice: string | undefined;
  declare confirmingClose: boolean;
  /** The new name typed into the rename field (empty until the person types). */
  declare nameText: string;
  declare nameError: string | undefined;
  declare nameNotice: string | undefined;
  /** Where the money of an account being closed is to go. */
  declare closeTarget: string;
  declare failure: string | undefined;
  declare busy: boolean;
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #history = this.observe<AccountHistory>();
  /** The account whose history `#history` reads. */
  #historyOf: string | undefined;
  readonly #requests = this.observe<readonly MoneyRequest[]>();
  readonly #format = this.observe<MoneyFormat>();
  readonly #accountRequests = this.observe<readonly AccountRequestEntry[]>();
  readonly #pendingIds = this.observe<ReadonlySet<string>>();
  readonly #outcomes = this.observe<ReadonlyMap<string, BankError | null>>();
  #watchedOutcome: string | undefined;

  constructor() {
    super();
    this.shown = PAGE;
    this.query = '';
    this.filters = {};
    this.limitText = '';
    this.confirmingClose = false;
    this.nameText = '';
    this.closeTarget = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadSearch().then((search) => {
      this.#search = search;
      this.#historySearch = new search.MovementSearch(
        search.historyShape((transactionId) => this.#history.value?.requests.get(transactionId)),
      );
      this.filters = search.parseMovementFilters(this.query);
    });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('query') && this.query !== this.#writtenQuery && this.#search !== undefined) {
      this.filters = this.#search.parseMovementFilters(this.query);
      this.shown = PAGE;
    }
    this.#accounts.setSource(this.store.accounts$);
    if (this.accountId !== this.#historyOf) {
      this.#historyOf = this.accountId;
      this.#history.setSource(this.store.accountHistory$(this.accountId));
    }
    this.#requests.setSource(this.store.pendingMoneyRequests$);
    this.#format.setSource(this.display.format$);
    this.#accountRequests.setSource(this.store.accountRequests$);
    this.#pendingIds.setSource(this.store.pendingIds$);
    const latest = this.#latestManagement();
    if (latest?.requestId !== this.#watchedOutcome) {
      this.#watchedOutcome = latest?.requestId;
      this.#outcomes.setSource(latest === undefined ? undefined : this.store.outcomes$([latest.requestId]));
    }
    if (changed.has('accountId')) {
      this.shown = PAGE;
      this.filters = this.#search?.parseMovementFilters(this.query) ?? {};
      this.exportNotice = undefined;
      this.confirmingClose = false;
      this.failure = undefined;
      this.limitNotice = undefined;
      this.limitText = '';
    }
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const accounts = this.#accounts.value;
    if (accounts === undefined) return loadingState('the account');
    const account = accounts.find((candidate) => candidate.id === this.accountId);
    if (account === undefined) {
      const opening = this.#waitingOpening();
      if (opening !== undefined) {
        return html`<div class="page-header">
            <div>
              <p class="small"><a href=${routeHref({ screen: 'accounts' })}>← Accounts</a></p>
              <h1>${opening.name.trim() === '' ? 'Unnamed account' : opening.name}</h1>
            </div>
          </div>
          <section class="card stack">
            <p><span class="badge waiting">Waiting to sync</span></p>
            <p>This account is opened once this device syncs. Until then nothing can be paid into it or out of it.</p>
          </section>`;
      }
      return html`<section class="card stack">
        <h1>Account not found</h1>
        <p>There is no such account on this device.</p>
        <p><a class="button secondary" href=${routeHref({ screen: 'accounts' })}>Back to accounts</a></p>
      </section>`;
    }
    const name = accountName(account);
    this.titleOfPage = name;
    const history = this.#history.value?.lines ?? [];
    const complete = this.#history.value?.complete === true;
    return html`
      <div class="page-header">
        <div>
          <p class="small"><a href=${routeHref({ screen: 'accounts' })}>← Accounts</a></p>
          <h1>${name} ${account.isClosed ? html`<span class="badge closed">Closed</span>` : nothing}</h1>
        </div>
        ${
          account.isClosed
            ? nothing
            : html`<nav class="move" aria-label="Move money with ${name}">
                <a class="button" href=${routeHref({ screen: 'move', kind: 'deposit', accountId: account.id })}
                  >Deposit</a
                >
                <a
                  class="button secondary"
                  href=${routeHref({ screen: 'move', kind: 'withdraw', accountId: account.id })}
                  >Withdraw</a
                >
                <a
                  class="button secondary"
                  href=${routeHref({ screen: 'move', kind: 'transfer', accountId: account.id })}
                  >Transfer</a
                >
              </nav>`
        }
      </div>
      <div class="stack">
        <section class="card summary" aria-label="Balance">
          <div>
            <p class="muted">${this.store.syncing ? 'Confirmed balance' : 'Balance'}</p>
            <p class="balance money ${account.balance < 0 ? 'negative' : ''}" data-testid="account-balance">
              ${formatMoney(account.balance, format)}
            </p>
          </div>
          <dl class="facts">
            ${this.#renderAvailable(account, format)}
            <div>
              <dt>Overdraft limit</dt>
              <dd class="money" data-testid="account-overdraft">${formatMoney(account.overdraftLimit, format)}</dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>
                ${
                  !complete || history[0] === undefined
                    ? '…'
                    : formatDateTime(history[0].entry.timestamp, format.locale, false)
                }
              </dd>
            </div>
          </dl>
        </section>
        <div class="columns">
          <section class="card chart">
            <h2>Balance over time</h2>
            <balance-chart .points=${balancePoints(history)} .format=${format}></balance-chart>
          </section>
          ${this.#renderManage(account, accounts, format)} ${this.#renderHistory(history, complete, accounts, format)}
        </div>
      </div>
    `;
  }

  /** What the account can still pay out, and what this device asked to take out of it that waits to sync. */
  #renderAvailable(account: AccountView, format: MoneyFormat) {
    const requests = this.#requests.value ?? [];
    const pendingIds = this.#pendingIds.value ?? new Set<string>();
    const available = availableToSpend(account, requests, pendingIds);
    if (available === undefined) return nothing;
    const waiting = pendingDebits(account.id, requests, pendingIds);
    const { label, amount, overLimit } = describeAvailable(available, format);
    return html`<div>
        <dt>${label}</dt>
        <dd class="money ${overLimit ? 'negative' : ''}" data-testid="account-available">${amount}</dd>
      </div>
      ${
        waiting === 0
          ? nothing
          : html`<div>
              <dt>Waiting to sync</dt>
              <dd class="money" data-testid="account-waiting">−${formatMoney(waiting, format)}</dd>
            </div>`
      }`;
  }

  /** This device's latest limit or closing of this account. */
  #latestManagement(): AccountRequestEntry | undefined {
    return (this.#accountRequests.value ?? [])
      .filter((request) => request.kind !== 'account-opening' && request.accountId === this.accountId)
      .at(-1);
  }

  /** This device's opening of this account, while it waits to sync. */
  #waitingOpening(): Extract<AccountRequestEntry, { kind: 'account-opening' }> | undefined {
    const pendingIds = this.#pendingIds.value;
    return (this.#accountRequests.value ?? []).find(
      (request): request is Extract<AccountRequestEntry, { kind: 'account-opening' }> =>
        request.kind === 'account-opening' &&
        request.accountId === this.accountId &&
        pendingIds?.has(request.requestId) === true,
    );
  }

  /** With sync on: the latest limit or closing, while it waits to sync, or when it was refused once synced. */
  #renderManagementStatus(accounts: readonly AccountView[], format: MoneyFormat) {
    const latest = this.#latestManagement();
    if (!this.store.syncing || latest === undefined || latest.kind === 'account-opening') return nothing;
    const what =
      latest.kind === 'overdraft-limit'
        ? `an overdraft limit of ${formatMoney(latest.overdraftLimit, format)}`
        : latest.kind === 'account-renaming'
          ? `the name ${latest.name}`
          : 'closing this account';
    if (this.#pendingIds.value?.has(latest.requestId) === true) {
      return html`<p class="notice" role="status" data-testid="manage-waiting">
        <span class="badge waiting">Waiting to sync</span> You asked for ${what}; it takes effect once this device
        syncs.
      </p>`;
    }
    const error = this.#outcomes.value?.get(latest.requestId);
    if (error === undefined || error === null) return nothing;
    return html`<p class="notice error" role="status" data-testid="manage-refused">
      ${describeRefusalAfterSync(error, latest.kind, accountNamer(accounts), format)}
    </p>`;
  }

  /** A new search: shown from the first page, and kept in the address (replacing it, not adding to history). */
  #setFilters(filters: MovementFilters): void {
    this.filters = filters;
    this.shown = PAGE;
    const query = this.#search?.movementFiltersQuery(filters) ?? '';
    this.#writtenQuery = query;
    history.replaceState(history.state, '', routeHref({ screen: 'account', accountId: this.accountId, query }));
  }

  async #exportCsv(): Promise<void> {
    this.exportNotice = undefined;
    try {
      const { exportTransactions } = await import('../use-cases/export-transactions');
      const saved = await exportTransactions(this.store, {
        accountId: this.accountId,
        locale: this.display.format.locale,
        today: new Date().toISOString().slice(0, 10),
      });
      this.exportNotice = { ok: true, text: `Saved ${saved.rows} lines to ${saved.fileName}.` };
    } catch {
      this.exportNotice = { ok: false, text: 'The export failed. Nothing was saved.' };
    }
  }

  /** The history's newest lines, and more on demand; a search shows its count once every line is read. */
  #renderHistory(
    history: readonly HistoryLine[],
    complete: boolean,
    accounts: readonly AccountView[],
    format: MoneyFormat,
  ) {
    const nameOf = accountNamer(accounts);
    const search = this.#search;
    const read = search?.readMovementFilters(this.filters, format);
    const found =
      read === undefined || this.#historySearch === undefined || !search?.hasMovementFilters(this.filters)
        ? undefined
        : this.#historySearch.page(history, read.query, { limit: this.shown, nameOf });
    const newestFirst = found?.rows ?? history.slice(-this.shown).reverse();
    const total = found?.total ?? history.length;
    return html`<section class="card history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <div class="stack">
        ${
          search === undefined
            ? nothing
            : html`<movement-filters-form
                .filters=${this.filters}
                .kinds=${['deposit', 'withdrawal', 'transfer-in', 'transfer-out', 'refund']}
                .problems=${read?.problems ?? {}}
                .locale=${format.locale}
                @filters-change=${(event: CustomEvent<MovementFilters>) => this.#setFilters(event.detail)}
              ></movement-filters-form>`
        }
        <div class="actions">
          ${found === undefined ? nothing : this.#renderFound(found.total, complete)}
          <button type="button" class="secondary" @click=${this.#exportCsv}>Export CSV</button>
        </div>
        ${
          this.exportNotice === undefined
            ? nothing
            : html`<p class="notice ${this.exportNotice.ok ? 'success' : 'error'}" role="status">
                ${this.exportNotice.text}
              </p>`
        }
      </div>
      ${
        this.#history.value === undefined
          ? loadingState('the history')
          : html`<ul class="rows" aria-label="History, newest first">
                ${newestFirst.map(({ entry, balanceAfter }) => {
                  const request =
                    entry.transactionId === undefined
                      ? undefined
                      : this.#history.value?.requests.get(entry.transactionId);
                  const signed = entry.kind === 'debit' ? -entry.amount : entry.amount;
                  return html`<li>
                    <span class="row-main">
                      <span>${describeEntry(entry, request, nameOf)}</span>
                      ${entry.note === undefined ? nothing : html`<span class="small" data-testid="entry-note">${entry.note}</span>`}
                      <span class="muted small">${describeWhen(entry.occurredOn, entry.timestamp, format.locale)}</span>
                    </span>
                    <span class="row-end">
                      ${
                        entry.kind === 'opening'
                          ? nothing
                          : html`<span class="money ${signed < 0 ? 'negative' : 'positive'}"
                              >${signed > 0 ? '+' : ''}${formatMoney(signed, format)}</span
                            >`
                      }
                      <span class="muted small money">Balance ${formatMoney(balanceAfter, format)}</span>
                    </span>
                  </li>`;
                })}
              </ul>
              ${
                total > this.shown || !complete
                  ? html`<button type="button" class="secondary" @click=${() => (this.shown += PAGE)}>
                      Show earlier entries
                    </button>`
                  : nothing
              }`
      }
    </section>`;
  }

  /**
   * How many lines the search found: the count once every line is read; before, a full first page is "at least" so
   * many (the rows are shown as they are found), and fewer is no count yet, since it would be a wrong answer.
   */
  #renderFound(total: number, complete: boolean) {
    const text = complete
      ? total === 1
        ? '1 line found'
        : `${total} lines found`
      : total >= this.shown
        ? `At least ${total} lines found; still reading older lines`
        : 'Searching older lines…';
    return html`<p class="muted small" role="status" data-testid="history-found">${text}</p>`;
  }

  #renderManage(account: AccountView, accounts: readonly AccountView[], format: MoneyFormat) {
    if (account.isClosed) {
      return html`<section class="card stack manage">
        <h2>Closed account</h2>
        <p class="muted">This account is closed. Its balance and history stay here to look back on.</p>
      </section>`;
    }
    const status = this.#renderManagementStatus(accounts, format);
    return html`<section class="card stack manage" aria-labelledby="manage-heading">
      <h2 id="manage-heading">Manage</h2>
      <form class="inline-form" novalidate @submit=${(event: Event) => this.#setLimit(event, account)}>
        ${amountField({
          id: 'overdraft-limit',
          label: 'Overdraft limit',
          hint: `Now ${formatMoney(account.overdraftLimit, format)}.`,
          value: this.limitText,
          error: this.limitError,
          onInput: (value) => {
            this.limitText = value;
            this.limitError = undefined;
            this.limitNotice = undefined;
          },
        })}
        <button type="submit" class="secondary" ?disabled=${this.busy}>Set limit</button>
      </form>
      ${
        this.limitNotice === undefined ? nothing : html`<p class="notice success" role="status">${this.limitNotice}</p>`
      }
      <form class="inline-form" novalidate @submit=${(event: Event) => this.#rename(event, account)}>
        ${textField({
          id: 'new-name',
          label: 'Name',
          hint: `Now ${accountName(account)}.`,
          value: this.nameText,
          error: this.nameError,
          maxLength: NAME_MAX,
          onInput: (value) => {
            this.nameText = value;
            this.nameError = undefined;
            this.nameNotice = undefined;
          },
        })}
        <button type="submit" class="secondary" ?disabled=${this.busy}>Rename</button>
      </form>
      ${this.nameNotice === undefined ? nothing : html`<p class="notice success" role="status">${this.nameNotice}</p>`}
      ${status}
      ${
        this.confirmingClose
          ? this.#renderClosing(account, accounts, format)
          : html`<div>
              <button type="button" class="secondary" @click=${() => (this.confirmingClose = true)}>
                Close account
              </button>
            </div>`
      }
      ${this.failure === undefined ? nothing : html`<p class="notice error" role="alert">${this.failure}</p>`}
    </section>`;
  }

  async #setLimit(event: Event, account: AccountView): Promise<void> {
    event.preventDefault();
    const format = this.display.format;
    const parsed = parseAmount(this.limitText, format);
    if (!parsed.ok) {
      this.limitError = describeAmountProblem(parsed.problem, format.locale);
      return;
    }
    await this.#run(async () => {
      await this.store.setOverdraftLimit(account.id, parsed.cents);
      this.limitText = '';
      // With sync on, the waiting notice says what happens next.
      this.limitNotice = this.store.syncing
        ? undefined
        : `Overdraft limit set to ${formatMoney(parsed.cents, format)}.`;
    });
  }

  /**
   * Closing, which never strands money: at a zero balance, a confirmation; with money in it, where to move it first
   * (a transfer, then the closing, decided in that order, so the closing finds the balance at zero); with a debt,
   * that it must be settled first. The bank refuses a closing that finds money in the account all the same.
   */
  #renderClosing(account: AccountView, accounts: readonly AccountView[], format: MoneyFormat) {
    const name = accountName(account);
    const keep = html`<button type="button" class="secondary" @click=${() => (this.confirmingClose = false)}>
      Keep it open
    </button>`;
    if (account.balance < 0) {
      return html`<div class="notice stack" role="group" aria-labelledby="close-question">
        <p id="close-question">
          <strong>${name} owes ${formatMoney(-account.balance, format)}.</strong>
          Pay that back into it before closing it, so that no debt is left behind.
        </p>
        <div class="actions">
          <a class="button" href=${routeHref({ screen: 'move', kind: 'transfer' })}>Transfer money into it</a>
          ${keep}
        </div>
      </div>`;
    }
    if (account.balance > 0) {
      const others = accounts.filter((other) => other.id !== account.id && !other.isClosed);
      const amount = formatMoney(account.balance, format);
      if (others.length === 0) {
        return html`<div class="notice stack" role="group" aria-labelledby="close-question">
          <p id="close-question">
            <strong>${name} still holds ${amount}.</strong> Withdraw it, or open another account to move it to, before
            closing this one.
          </p>
          <div class="actions">
            <a class="button" href=${routeHref({ screen: 'move', kind: 'withdraw', accountId: account.id })}
              >Withdraw ${amount}</a
            >
            ${keep}
          </div>
        </div>`;
      }
      const target = others.some((other) => other.id === this.closeTarget) ? this.closeTarget : '';
      return html`<div class="notice stack" role="group" aria-labelledby="close-question">
        <p id="close-question">
          <strong>${name} still holds ${amount}.</strong> Move it to another account, then close ${name} for good. It
          cannot be reopened.
        </p>
        ${selectField({
          id: 'close-target',
          label: 'Move it to',
          value: target,
          error: undefined,
          placeholder: 'Choose an account',
          options: others.map((other) => ({ value: other.id, label: accountName(other) })),
          onChange: (value) => (this.closeTarget = value),
        })}
        <div class="actions">
          <button
            type="button"
            class="danger"
            ?disabled=${this.busy || target === ''}
            @click=${() => this.#moveAndClose(account, target)}
          >
            Move ${amount} and close
          </button>
          ${keep}
        </div>
      </div>`;
    }
    return html`<div class="notice stack" role="group" aria-labelledby="close-question">
      <p id="close-question"><strong>Close ${name} for good?</strong> It cannot be reopened.</p>
      <div class="actions">
        <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.#close(account)}>
          Yes, close account
        </button>
        ${keep}
      </div>
    </div>`;
  }

  async #close(account: AccountView): Promise<void> {
    await this.#run(async () => {
      await this.store.closeAccount(account.id);
      this.confirmingClose = false;
    });
  }

  /** Moves the whole balance to `targetId`, then closes the account: two requests, decided in that order. */
  async #moveAndClose(account: AccountView, targetId: string): Promise<void> {
    await this.#run(async () => {
      await this.store.transfer(account.id, targetId, account.balance, {
        note: `Closing ${accountName(account)}`,
        occurredOn: localDay(),
      });
      await this.store.closeAccount(account.id);
      this.confirmingClose = false;
    });
  }

  async #rename(event: Event, account: AccountView): Promise<void> {
    event.preventDefault();
    const name = this.nameText.trim();
    this.nameError = isVisibleName(name) ? undefined : 'Give the account a name you can see, not only spaces.';
    if (this.nameError !== undefined) return;
    await this.#run(async () => {
      await this.store.renameAccount(account.id, name);
      this.nameText = '';
      this.nameNotice = this.store.syncing ? undefined : `Renamed to ${name}.`;
    });
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.failure = undefined;
    try {
      await work();
    } catch (error) {
      this.failure = describeFailure(error, this.display.format, accountNamer(this.#accounts.value));
    } finally {
      this.busy = false;
    }
  }
}

/** The longest name the app gives an account. */
const NAME_MAX = 60;

customElements.define('account-page', AccountPage);
