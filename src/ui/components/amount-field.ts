import { html, nothing, type TemplateResult } from 'lit';

/** What an amount field shows. */
export interface AmountFieldOptions {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
  readonly onInput: (value: string) => void;
}

/**
 * A labelled text field for money (a template, not a component, so that the label and the input live in the same
 * shadow root and the label is the input's accessible name). `inputmode="decimal"` brings up the number pad with the
 * locale's decimal key on phones; a refusal is shown under the field and announced.
 * Checked on submit only: a message appearing on blur would move the button away from a click already under way.
 */
export function amountField(options: AmountFieldOptions): TemplateResult {
  const { id, label, value, error, hint } = options;
  const described = [hint === undefined ? '' : `${id}-hint`, error === undefined ? '' : `${id}-error`]
    .filter((part) => part !== '')
    .join(' ');
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint === undefined ? nothing : html`<span class="hint" id="${id}-hint">${hint}</span>`}
    <input
      id=${id}
      name=${id}
      type="text"
      inputmode="decimal"
      autocomplete="off"
      spellcheck="false"
      .value=${value}
      ?required=${options.required ?? false}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${described === '' ? nothing : described}
      @input=${(event: Event) => options.onInput((event.target as HTMLInputElement).value)}
    />
    ${
      error === undefined
        ? nothing
        : html`<span class="field-error" id="${id}-error" role="alert"><span aria-hidden="true">⚠</span>${error}</span>`
    }
  </div>`;
}
