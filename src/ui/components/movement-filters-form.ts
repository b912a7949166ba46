import { html, LitElement, nothing } from 'lit';
import type { AccountView } from '../../bank';
import { accountName } from '../format/account-name';
import { describeAmountProblem } from '../format/describe-amount-problem';
import type { AmountProblem } from '../format/parse-amount';
import type { FilterKind, MovementFilters } from '../state/movement-filters';
import { sharedStyles } from '../styles/shared-styles';
import { movementFiltersStyles } from '../styles/movement-filters-form-styles';

const KIND_LABELS: Record<FilterKind, string> = {
  deposit: 'Deposits',
  withdrawal: 'Withdrawals',
  transfer: 'Transfers',
  'transfer-in': 'Transfers in',
  'transfer-out': 'Transfers out',
  refund: 'Refunds',
};

/**
 * The search fields over a list of movements: text, account (when `accounts` is given), kind, amount range and date
 * range. It only shows what it is given and reports every change as a `filters-change` event (detail: the new
 * `MovementFilters`); the screen searches and keeps the address.
 */
export class MovementFiltersForm extends LitElement {
  static override properties = {
    filters: { attribute: false },
    kinds: { attribute: false },
    accounts: { attribute: false },
    problems: { attribute: false },
    locale: { attribute: false },
  };
  static override styles = [sharedStyles, movementFiltersStyles];

  declare filters: MovementFilters;
  declare kinds: readonly FilterKind[];
  declare accounts: readonly AccountView[] | undefined;
  declare problems: { readonly min?: AmountProblem; readonly max?: AmountProblem };
  declare locale: string;

  constructor() {
    super();
    this.filters = {};
    this.kinds = [];
    this.problems = {};
    this.locale = 'en-US';
  }

  override render() {
    const filters = this.filters;
    const text = (id: string, field: 'min' | 'max', label: string) => {
      const problem = this.problems[field];
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input
          id=${id}
          type="text"
          inputmode="decimal"
          autocomplete="off"
          .value=${filters[field] ?? ''}
          aria-invalid=${problem === undefined ? 'false' : 'true'}
          aria-describedby=${problem === undefined ? nothing : `${id}-error`}
          @input=${(event: Event) => this.#change(field, (event.target as HTMLInputElement).value)}
        />
        ${
          problem === undefined
            ? nothing
            : html`<span class="field-error" id="${id}-error">${describeAmountProblem(problem, this.locale)}</span>`
        }
      </div>`;
    };
    const date = (id: string, field: 'from' | 'to', label: string) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        <input
          id=${id}
          type="date"
          .value=${filters[field] ?? ''}
          @change=${(event: Event) => this.#change(field, (event.target as HTMLInputElement).value)}
        />
      </div>`;
    return html`<form
      class="grid"
      role="search"
      aria-label="Search movements"
      @submit=${(event: Event) => event.preventDefault()}
    >
      <div class="field wide">
        <label for="filter-text">Search notes and account names</label>
        <input
          id="filter-text"
          type="search"
          autocomplete="off"
          .value=${filters.text ?? ''}
          @input=${(event: Event) => this.#change('text', (event.target as HTMLInputElement).value)}
        />
      </div>
      ${
        this.accounts === undefined
          ? nothing
          : html`<div class="field">
              <label for="filter-account">Account</label>
              <select
                id="filter-account"
                @change=${(event: Event) => this.#change('accountId', (event.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${filters.accountId === undefined}>Any account</option>
                ${this.accounts.map(
                  (account) =>
                    html`<option value=${account.id} ?selected=${filters.accountId === account.id}>
                      ${accountName(account)}
                    </option>`,
                )}
              </select>
            </div>`
      }
      <div class="field">
        <label for="filter-kind">Kind</label>
        <select
          id="filter-kind"
          @change=${(event: Event) => this.#change('kind', (event.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${filters.kind === undefined}>Any kind</option>
          ${this.kinds.map(
            (kind) => html`<option value=${kind} ?selected=${filters.kind === kind}>${KIND_LABELS[kind]}</option>`,
          )}
        </select>
      </div>
      ${text('filter-min', 'min', 'Amount from')} ${text('filter-max', 'max', 'Amount up to')}
      ${date('filter-from', 'from', 'From')} ${date('filter-to', 'to', 'To')}
      ${
        Object.keys(filters).length === 0
          ? nothing
          : html`<div class="wide">
              <button type="button" class="secondary" @click=${() => this.#emit({})}>Clear search</button>
            </div>`
      }
    </form>`;
  }

  #change(field: keyof MovementFilters, value: string): void {
    const { [field]: _previous, ...rest } = this.filters;
    this.#emit(value === '' ? rest : { ...rest, [field]: value });
  }

  #emit(filters: MovementFilters): void {
    this.dispatchEvent(new CustomEvent<MovementFilters>('filters-change', { detail: filters }));
  }
}

customElements.define('movement-filters-form', MovementFiltersForm);
