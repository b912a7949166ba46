import { html, nothing } from 'lit';
import type { AccountView } from '../../bank';
import { accountName } from '../format/account-name';
import { describeFailure } from '../format/describe-failure';
import { describeStatementRefusal } from '../format/describe-statement-refusal';
import { formatMoney } from '../format/format-money';
import type { MoneyFormat } from '../format/money-format';
import { ScreenElement } from '../components/screen-element';
import type { BankStore } from '../state/bank-store';
import type { DisplaySettingsStore } from '../state/display-settings';
import type { LoggedEntry } from '../state/logged-entry';
import type { MoneyRequest } from '../state/money-request';
import {
  existingMovements,
  guessStatementMapping,
  planStatementImport,
  readStatementTable,
  recordStatement,
  type StatementDateFormat,
  type StatementMapping,
  type StatementPlan,
  type StatementTable,
} from '../use-cases/statement-import';
import { sharedStyles } from '../styles/shared-styles';
import { statementImportStyles } from '../styles/statement-import-view-styles';

/** Rows shown in the preview. */
const PREVIEW = 10;

const DATE_FORMATS: readonly { readonly value: StatementDateFormat; readonly label: string }[] = [
  { value: 'yyyy-mm-dd', label: '2026-11-30' },
  { value: 'dd/mm/yyyy', label: '30/11/2026' },
  { value: 'mm/dd/yyyy', label: '11/30/2026' },
  { value: 'dd.mm.yyyy', label: '30.11.2026' },
];

const NUMBER_LOCALES: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'en-US', label: '1,234.56' },
  { value: 'de-DE', label: '1.234,56' },
  { value: 'fr-FR', label: '1 234,56' },
];

/**
 * Settings › Import a statement (CSV): a file, the account it goes into, which column holds what, a preview of what
 * each row becomes (rows already on the account are skipped), then the requests. A file with a bad row is refused
 * whole, naming the row.
 */
export class StatementImportView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    table: { state: true },
    fileName: { state: true },
    accountId: { state: true },
    mapping: { state: true },
    notice: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, statementImportStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare table: StatementTable | undefined;
  declare fileName: string;
  declare accountId: string;
  declare mapping: StatementMapping | undefined;
  declare notice: { readonly ok: boolean; readonly text: string } | undefined;
  declare busy: boolean;
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #entries = this.observe<readonly LoggedEntry[]>();
  readonly #requests = this.observe<readonly MoneyRequest[]>();
  readonly #format = this.observe<MoneyFormat>();

  constructor() {
    super();
    this.fileName = '';
    this.accountId = '';
    this.busy = false;
  }

  override willUpdate(): void {
    this.#accounts.setSource(this.store.accounts$);
    this.#entries.setSource(this.store.entries$);
    this.#requests.setSource(this.store.requests$);
    this.#format.setSource(this.display.format$);
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const open = (this.#accounts.value ?? []).filter((account) => !account.isClosed);
    const accountId = open.some((account) => account.id === this.accountId) ? this.accountId : (open[0]?.id ?? '');
    const plan = this.#plan(accountId, format);
    return html`<section class="card stack" aria-labelledby="statement-heading">
      <h2 id="statement-heading">Import a statement (CSV)</h2>
      <p class="muted">
        Add the movements of a bank statement to one account: each row becomes a deposit or a withdrawal with its note
        and date. Rows already on the account are skipped.
      </p>
      <div class="field">
        <label for="statement-file">Statement file (CSV)</label>
        <input
          id="statement-file"
          type="file"
          accept="text/csv,.csv,text/plain"
          ?disabled=${this.busy}
          @change=${this.#choose}
        />
      </div>
      ${this.table === undefined ? nothing : this.#renderMapping(this.table, open, accountId)}
      ${plan === undefined ? nothing : this.#renderPlan(plan, accountId, format)}
      ${
        this.notice === undefined
          ? nothing
          : html`<p
              class="notice ${this.notice.ok ? 'success' : 'error'}"
              role=${this.notice.ok ? 'status' : 'alert'}
              data-testid="statement-notice"
            >
              ${this.notice.text}
            </p>`
      }
    </section>`;
  }

  #renderMapping(table: StatementTable, accounts: readonly AccountView[], accountId: string) {
    const mapping = this.mapping;
    if (mapping === undefined) return nothing;
    const split = !('column' in mapping.amount);
    const columnSelect = (id: string, label: string, value: number | undefined, set: (column: number) => void) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        <select id=${id} @change=${(event: Event) => set(Number((event.target as HTMLSelectElement).value))}>
          ${id === 'map-note' ? html`<option value="-1" ?selected=${value === undefined}>None</option>` : nothing}
          ${table.header.map(
            (name, index) =>
              html`<option value=${index} ?selected=${value === index}>
                ${name === '' ? `Column ${index + 1}` : name}
              </option>`,
          )}
        </select>
      </div>`;
    const update = (change: Partial<StatementMapping>) => {
      this.mapping = { ...mapping, ...change };
      this.notice = undefined;
    };
    return html`<p class="small muted">${this.fileName}: ${table.rows.length} rows.</p>
      <div class="field">
        <label for="statement-account">Into account</label>
        <select
          id="statement-account"
          @change=${(event: Event) => (this.accountId = (event.target as HTMLSelectElement).value)}
        >
          ${accounts.map(
            (account) =>
              html`<option value=${account.id} ?selected=${account.id === accountId}>${accountName(account)}</option>`,
          )}
        </select>
      </div>
      <div class="mapping">
        ${columnSelect('map-date', 'Date column', mapping.date, (date) => update({ date }))}
        <div class="field">
          <label for="map-amount-kind">Amounts</label>
          <select
            id="map-amount-kind"
            @change=${(event: Event) =>
              update({
                amount: (event.target as HTMLSelectElement).value === 'split' ? { debit: 0, credit: 0 } : { column: 0 },
              })}
          >
            <option value="one" ?selected=${!split}>One column, negative for money out</option>
            <option value="split" ?selected=${split}>Debit and credit columns</option>
          </select>
        </div>
        ${
          'column' in mapping.amount
            ? columnSelect('map-amount', 'Amount column', mapping.amount.column, (column) =>
                update({ amount: { column } }),
              )
            : html`${columnSelect('map-debit', 'Debit column (money out)', mapping.amount.debit, (debit) =>
                update({ amount: { debit, credit: 'credit' in mapping.amount ? mapping.amount.credit : 0 } }),
              )}
              ${columnSelect('map-credit', 'Credit column (money in)', mapping.amount.credit, (credit) =>
                update({ amount: { credit, debit: 'debit' in mapping.amount ? mapping.amount.debit : 0 } }),
              )}`
        }
        ${columnSelect('map-note', 'Note column', mapping.note, (note) => {
          const { note: _previous, ...rest } = mapping;
          this.mapping = note < 0 ? rest : { ...rest, note };
        })}
        <div class="field">
          <label for="map-date-format">Dates written like</label>
          <select
            id="map-date-format"
            @change=${(event: Event) =>
              update({ dateFormat: (event.target as HTMLSelectElement).value as StatementDateFormat })}
          >
            ${DATE_FORMATS.map(
              ({ value, label }) =>
                html`<option value=${value} ?selected=${mapping.dateFormat === value}>${label}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="map-number-format">Amounts written like</label>
          <select
            id="map-number-format"
            @change=${(event: Event) => update({ numberLocale: (event.target as HTMLSelectElement).value })}
          >
            ${NUMBER_LOCALES.map(
              ({ value, label }) =>
                html`<option value=${value} ?selected=${mapping.numberLocale === value}>${label}</option>`,
            )}
          </select>
        </div>
      </div>`;
  }

  #renderPlan(plan: StatementPlan, accountId: string, format: MoneyFormat) {
    if (!plan.ok) {
      return html`<p class="notice error" role="alert" data-testid="statement-refusal">
        ${describeStatementRefusal(plan.refusal)} The file cannot be imported; nothing was recorded.
      </p>`;
    }
    const fresh = plan.lines.filter((line) => !line.duplicate).length;
    const skipped = plan.lines.length - fresh;
    return html`<div class="preview">
        <table aria-label="Preview of the statement">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Date</th>
              <th scope="col">Note</th>
              <th scope="col">Amount</th>
              <th scope="col">Becomes</th>
            </tr>
          </thead>
          <tbody>
            ${plan.lines.slice(0, PREVIEW).map(
              (line) =>
                html`<tr class=${line.duplicate ? 'duplicate' : ''}>
                  <td>${line.row}</td>
                  <td>${line.occurredOn}</td>
                  <td>${line.note ?? ''}</td>
                  <td class="money ${line.cents < 0 ? 'negative' : 'positive'}">${formatMoney(line.cents, format)}</td>
                  <td>${line.duplicate ? 'Already present: skipped' : line.cents > 0 ? 'Deposit' : 'Withdrawal'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        plan.lines.length > PREVIEW
          ? html`<p class="small muted">And ${plan.lines.length - PREVIEW} more rows.</p>`
          : nothing
      }
      <div class="actions">
        <button
          type="button"
          ?disabled=${this.busy || fresh === 0 || accountId === ''}
          @click=${() => this.#record(plan, accountId, skipped)}
        >
          Import ${fresh === 1 ? '1 movement' : `${fresh} movements`}
        </button>
        ${skipped === 0 ? nothing : html`<span class="muted small">${skipped} already present, skipped</span>`}
      </div>`;
  }

  #plan(accountId: string, format: MoneyFormat): StatementPlan | undefined {
    if (this.table === undefined || this.mapping === undefined || accountId === '') return undefined;
    const existing = existingMovements(this.#entries.value ?? [], this.#requests.value ?? [], accountId);
    return planStatementImport(this.table, this.mapping, existing, format.currency);
  }

  async #choose(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    input.value = '';
    if (chosen === undefined) return;
    this.busy = true;
    this.notice = undefined;
    try {
      const table = await readStatementTable(await chosen.text());
      this.table = table;
      this.fileName = chosen.name;
      this.mapping = guessStatementMapping(table.header, this.display.format.locale);
    } catch {
      this.table = undefined;
      this.notice = { ok: false, text: 'This file cannot be read as CSV. Nothing was recorded.' };
    } finally {
      this.busy = false;
    }
  }

  async #record(plan: StatementPlan, accountId: string, skipped: number): Promise<void> {
    if (!plan.ok) return;
    this.busy = true;
    try {
      const ids = await recordStatement(this.store, accountId, plan.lines);
      const name = accountName(this.#accounts.value?.find((account) => account.id === accountId));
      this.notice = {
        ok: true,
        text: `Recorded ${ids.length === 1 ? '1 movement' : `${ids.length} movements`} for ${name}${
          skipped === 0 ? '' : `; ${skipped} already present were skipped`
        }.`,
      };
      this.table = undefined;
      this.mapping = undefined;
    } catch (error) {
      this.notice = { ok: false, text: describeFailure(error, this.display.format, () => '') };
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('statement-import-view', StatementImportView);
