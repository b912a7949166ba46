import { dexiePersistence } from '../../eventsourcing';
import { BankApp } from './bank-app';
import { DisplaySettingsStore } from '../state/display-settings';
import { listenForInstallPrompt } from './install-prompt';
import '../styles/styles.css';

/**
 * Entry point of the PWA: starts the app on this device's IndexedDB (databases `bank-*`), then registers the service
 * worker, whose code is loaded beside the first render instead of before it (see `offerUpdates`).
 */

listenForInstallPrompt();

const banner = requireElement('update-banner', HTMLElement);
const reloadButton = requireElement('update-reload', HTMLButtonElement);

const app = new BankApp();
app.persistence = dexiePersistence({ prefix: 'bank' });
app.display = new DisplaySettingsStore();
requireElement('app', HTMLElement).replaceWith(app);

void import('./service-worker-updates').then(({ offerUpdates }) => offerUpdates(banner, reloadButton));

function requireElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no ${type.name} with id "${id}"`);
  return element;
}
