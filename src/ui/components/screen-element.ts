import { html, LitElement, type TemplateResult } from 'lit';
import type { Observable } from 'rxjs';
import { routeHref } from '../app/route';
import { pageTitle } from '../app/screen-title';
import { ObservableController } from './observable-controller';

/**
 * The base of every screen: the streams it observes, and what it shows while they load, when they hold nothing, and
 * when something cannot be shown. A screen never renders blank: if one of its streams fails, or rendering throws
 * (a stored value no screen was written for), it shows what happened in words and where to go next, and the
 * navigation stays usable. Nothing is lost by that: a screen only reads.
 */
export abstract class ScreenElement extends LitElement {
  readonly #observed: ObservableController<unknown>[] = [];

  /** The latest value of a stream, as a controller that renders this screen on every value. */
  protected observe<T>(source?: Observable<T>): ObservableController<T> {
    const controller = new ObservableController<T>(this, source);
    this.#observed.push(controller);
    return controller;
  }

  /** What the page is called once this screen knows more than its kind (an account's name), or nothing. */
  protected titleOfPage: string | undefined;

  #focusPending = false;

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.titleOfPage !== undefined && document.title !== pageTitle(this.titleOfPage))
      document.title = pageTitle(this.titleOfPage);
    const fields = [
      ...this.renderRoot.querySelectorAll<HTMLInputElement | HTMLSelectElement>('form input, form select'),
    ];
    if (this.#focusPending && fields.length > 0) {
      this.#focusPending = false;
      (fields.find((field) => field.value === '') ?? fields[0])?.focus();
    }
  }

  /**
   * Puts the focus on the first field of the screen's form that holds nothing yet, as soon as the form is shown: a
   * screen with a form calls it from `firstUpdated`, so that a person starts typing where they would.
   */
  protected focusFormWhenShown(): void {
    this.#focusPending = true;
  }

  /** The screen itself, once nothing it observes has failed. */
  protected abstract renderScreen(): unknown;

  protected override render(): unknown {
    const failed = this.#observed.find((controller) => controller.error !== undefined);
    if (failed !== undefined) return screenError(failed.error);
    try {
      return this.renderScreen();
    } catch (error) {
      console.error(error);
      return screenError(error);
    }
  }
}

/** Shown while a screen's data loads. */
export function loadingState(what: string): TemplateResult {
  return html`<p class="muted" role="status">Loading ${what}…</p>`;
}

/** Shown where a list holds nothing yet: what will appear there. */
export function emptyState(text: string): TemplateResult {
  return html`<p class="muted">${text}</p>`;
}

/** Shown instead of a screen that cannot be shown: what happened, that nothing changed, and what to do. */
export function screenError(error: unknown): TemplateResult {
  const reason = error instanceof Error ? error.message : String(error);
  return html`<section class="card" role="alert" aria-labelledby="screen-error-heading">
    <h2 id="screen-error-heading">This screen cannot be shown</h2>
    <p>Something in this bank could not be shown here (${reason}). Nothing was changed.</p>
    <p>
      Other screens still work. From <a href=${routeHref({ screen: 'settings' })}>Settings</a> you can export the bank
      as a file and copy a bug report.
    </p>
  </section>`;
}
