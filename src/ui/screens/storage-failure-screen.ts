import { html, LitElement } from 'lit';
import type { StorageFailure } from '../../eventsourcing';
import { sharedStyles } from '../styles/shared-styles';
import { storageFailureStyles } from '../styles/storage-failure-screen-styles';

interface Advice {
  readonly title: string;
  readonly explanation: string;
  readonly steps: readonly string[];
}

const ADVICE: Readonly<Record<StorageFailure | 'other', Advice>> = {
  quota: {
    title: 'This device is out of space for your bank',
    explanation: 'The browser refused to store more. Nothing was lost: everything saved before is still here.',
    steps: ['Free some space on this device (large downloads, photos, other sites’ data).', 'Then reload this page.'],
  },
  unavailable: {
    title: 'This browser won’t let the bank store anything',
    explanation:
      'Your bank lives in this browser’s storage (IndexedDB), and it is switched off or unavailable here — often because of a private window or a setting that blocks site data.',
    steps: [
      'Open the bank in a normal (not private) window.',
      'Allow this site to store data in the browser’s settings.',
      'Then reload this page.',
    ],
  },
  closed: {
    title: 'The bank was updated or reset in another tab',
    explanation: 'Another tab changed this device’s storage, so this tab has stopped to keep your data safe.',
    steps: ['Reload this page to continue with the latest data.'],
  },
  aborted: {
    title: 'The browser stopped a save',
    explanation: 'A save was cancelled before it finished; nothing of it was stored.',
    steps: ['Reload this page and try again.'],
  },
  failed: {
    title: 'The bank could not use this device’s storage',
    explanation: 'Something went wrong below the app, in the browser’s storage.',
    steps: ['Reload this page.', 'If it happens again, restart the browser.'],
  },
  other: {
    title: 'Something went wrong',
    explanation: 'The bank stopped because of an unexpected problem. Your saved data is not affected.',
    steps: ['Reload this page.'],
  },
};

/** The full page shown when the bank cannot use storage (full, unavailable, closed): what happened and what to do. */
export class StorageFailureScreen extends LitElement {
  static override properties = { reason: { attribute: false } };
  static override styles = [sharedStyles, storageFailureStyles];

  declare reason: StorageFailure | 'other';

  constructor() {
    super();
    this.reason = 'other';
  }

  override render() {
    const advice = ADVICE[this.reason];
    return html`<section class="card" role="alert" aria-labelledby="failure-title">
      <h1 id="failure-title">${advice.title}</h1>
      <p>${advice.explanation}</p>
      <h2>What to do</h2>
      <ol>
        ${advice.steps.map((step) => html`<li>${step}</li>`)}
      </ol>
      <div><button type="button" @click=${() => window.location.reload()}>Reload</button></div>
    </section>`;
  }
}

customElements.define('storage-failure-screen', StorageFailureScreen);
