import { html, nothing } from 'lit';
import { ScreenElement } from '../components/screen-element';
import { amountField, textField } from '../components/form-fields';
import type { BankStore } from '../state/bank-store';
import { describeAmountProblem } from '../format/describe-amount-problem';
import type { DisplaySettingsStore } from '../state/display-settings';
import { navigate } from '../app/navigate';
import { parseAmount } from '../format/parse-amount';
import { isVisibleName } from '../format/account-name';
import { routeHref } from '../app/route';
import { sharedStyles } from '../styles/shared-styles';
import { describeFailure } from '../format/describe-failure';

const NAME_MAX = 60;

/** Opens an account: a name and an optional overdraft limit. */
export class OpenAccountView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    name: { state: true },
    limit: { state: true },
    nameError: { state: true },
    limitError: { state: true },
    opening: { state: true },
    openingError: { state: true },
    failure: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare name: string;
  declare limit: string;
  declare nameError: string | undefined;
  declare limitError: string | undefined;
  /** The opening balance as typed: what the account holds today, when an existing account is moved here. */
  declare opening: string;
  declare openingError: string | undefined;
  declare failure: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.name = '';
    this.limit = '';
    this.opening = '';
    this.busy = false;
  }

  override firstUpdated(): void {
    this.focusFormWhenShown();
  }

  protected renderScreen() {
    return html`
      <div class="page-header">
        <h1>Open an account</h1>
        <a class="button secondary" href=${routeHref({ screen: 'accounts' })}>Cancel</a>
      </div>
      <section class="card">
        <form novalidate @submit=${this.#submit}>
          ${textField({
            id: 'name',
            label: 'Name',
            hint: 'What you call it, e.g. “Everyday” or “Savings”.',
            value: this.name,
            error: this.nameError,
            required: true,
            maxLength: NAME_MAX,
            onInput: (value) => {
              this.name = value;
              this.nameError = undefined;
            },
          })}
          ${amountField({
            id: 'overdraft-limit',
            label: 'Overdraft limit (optional)',
            hint: 'How far below zero this account may go. Leave empty for none.',
            value: this.limit,
            error: this.limitError,
            onInput: (value) => {
              this.limit = value;
              this.limitError = undefined;
            },
          })}
          ${amountField({
            id: 'opening-balance',
            label: 'Opening balance (optional)',
            hint: 'What the account holds today, if it is one you already have. Leave empty for none.',
            value: this.opening,
            error: this.openingError,
            onInput: (value) => {
              this.opening = value;
              this.openingError = undefined;
            },
          })}
          ${this.failure === undefined ? nothing : html`<p class="notice error" role="alert">${this.failure}</p>`}
          <div class="actions">
            <button type="submit" ?disabled=${this.busy}>Open account</button>
          </div>
        </form>
      </section>
    `;
  }

  /** An optional amount in cents (0 when empty), or `undefined` with the reason it is refused. */
  #optionalAmount(text: string): { cents?: number; error?: string } {
    if (text.trim() === '') return { cents: 0 };
    const parsed = parseAmount(text, this.display.format);
    return parsed.ok
      ? { cents: parsed.cents }
      : { error: describeAmountProblem(parsed.problem, this.display.format.locale) };
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.name.trim();
    this.nameError = isVisibleName(name) ? undefined : 'Give the account a name you can see, not only spaces.';
    const { cents: limit, error: limitError } = this.#optionalAmount(this.limit);
    const { cents: opening, error: openingError } = this.#optionalAmount(this.opening);
    this.limitError = limitError;
    this.openingError = openingError;
    if (this.nameError !== undefined || limit === undefined || opening === undefined) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.failure = undefined;
    try {
      const id = await this.store.openAccount(name, limit, opening);
      this.name = '';
      this.limit = '';
      this.opening = '';
      navigate({ screen: 'account', accountId: id });
    } catch (error) {
      this.failure = describeFailure(error, this.display.format);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('open-account-view', OpenAccountView);
