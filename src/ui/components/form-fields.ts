import { html, nothing, type TemplateResult } from 'lit';

/**
 * The fields of the app's forms, as templates rather than components, so that a label and its control live in the
 * same shadow root and the label is the control's accessible name. Every field shows its hint under the label and
 * its refusal under the control, both tied to it by `aria-describedby`; a refusal is announced. Fields are checked on
 * submit only: a message appearing on blur would move the button away from a click already under way.
 */

/** What every field shows. */
export interface FieldOptions {
  readonly id: string;
  readonly label: string;
  readonly error: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
}

/** What a text field shows, and how it reports what is typed. */
export interface TextFieldOptions extends FieldOptions {
  readonly value: string;
  readonly onInput: (value: string) => void;
  /** `text` by default; `date` for a calendar date. */
  readonly type?: 'text' | 'date';
  readonly maxLength?: number;
  /** The latest day a date field takes, `YYYY-MM-DD`. */
  readonly max?: string;
  readonly inputMode?: 'decimal' | 'text';
  /** `off` by default: the app's fields hold names and money, not what a browser should remember. */
  readonly autocomplete?: string;
}

/** What a select shows: its options in order, the chosen value, and how it reports a choice. */
export interface SelectFieldOptions extends FieldOptions {
  readonly value: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  /** The first option, chosen when nothing is, e.g. "Choose an account". */
  readonly placeholder?: string;
  readonly onChange: (value: string) => void;
}

/** A labelled text field. */
export function textField(options: TextFieldOptions): TemplateResult {
  const { id, value, error } = options;
  return field(
    options,
    html`<input
      id=${id}
      name=${id}
      type=${options.type ?? 'text'}
      inputmode=${options.inputMode ?? nothing}
      autocomplete=${options.autocomplete ?? 'off'}
      spellcheck=${options.inputMode === 'decimal' ? 'false' : nothing}
      maxlength=${options.maxLength ?? nothing}
      max=${options.max ?? nothing}
      .value=${value}
      ?required=${options.required ?? false}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${describedBy(options)}
      @input=${(event: Event) => options.onInput((event.target as HTMLInputElement).value)}
    />`,
  );
}

/**
 * A labelled field for money: `inputmode="decimal"` brings up the number pad with the locale's decimal key on
 * phones; what is typed is parsed by `parseAmount` on submit.
 */
export function amountField(options: Omit<TextFieldOptions, 'type' | 'inputMode'>): TemplateResult {
  return textField({ ...options, inputMode: 'decimal' });
}

/** A labelled select. */
export function selectField(options: SelectFieldOptions): TemplateResult {
  const { id, value, error } = options;
  return field(
    options,
    html`<select
      id=${id}
      name=${id}
      ?required=${options.required ?? false}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${describedBy(options)}
      @change=${(event: Event) => options.onChange((event.target as HTMLSelectElement).value)}
    >
      ${
        options.placeholder === undefined
          ? nothing
          : html`<option value="" ?selected=${value === ''}>${options.placeholder}</option>`
      }
      ${options.options.map(
        (option) => html`<option value=${option.value} ?selected=${option.value === value}>${option.label}</option>`,
      )}
    </select>`,
  );
}

/** A refusal under a field, announced when it appears. */
export function fieldError(id: string, error: string | undefined): TemplateResult | typeof nothing {
  if (error === undefined) return nothing;
  return html`<span class="field-error" id=${id} role="alert"><span aria-hidden="true">⚠</span>${error}</span>`;
}

function field(options: FieldOptions, control: TemplateResult): TemplateResult {
  const { id, label, hint, error } = options;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint === undefined ? nothing : html`<span class="hint" id="${id}-hint">${hint}</span>`} ${control}
    ${fieldError(`${id}-error`, error)}
  </div>`;
}

function describedBy(options: FieldOptions): string | typeof nothing {
  const ids = [
    options.hint === undefined ? '' : `${options.id}-hint`,
    options.error === undefined ? '' : `${options.id}-error`,
  ];
  const described = ids.filter((part) => part !== '').join(' ');
  return described === '' ? nothing : described;
}
