import { registerSW } from 'virtual:pwa-register';
import { dexiePersistence } from '../../eventsourcing';
import { BankApp } from './bank-app';
import { DisplaySettingsStore } from '../state/display-settings';
import { listenForInstallPrompt } from './install-prompt';
import '../styles/styles.css';

/**
 * Entry point of the PWA. Registers the service worker with the 'prompt' update flow: a new version waits until the
 * person chooses to reload, so a page in the middle of something is never swapped under them. Then starts the app
 * on this device's IndexedDB (databases `bank-*`).
 */

listenForInstallPrompt();

const banner = requireElement('update-banner', HTMLElement);
const reloadButton = requireElement('update-reload', HTMLButtonElement);

let reloading = false;
const reloadOnce = () => {
  if (reloading) return;
  reloading = true;
  window.location.reload();
};

const updateServiceWorker = registerSW({
  onNeedRefresh() {
    banner.hidden = false;
  },
  onNeedReload: reloadOnce,
});

reloadButton.addEventListener('click', () => {
  reloadButton.disabled = true;
  // workbox-window reloads only when it saw this page start controlled: on the very first visit the new worker
  // counts as "external" and nothing would happen. So reload when the waiting worker takes control, either way.
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  // Tells the waiting worker to take over.
  void updateServiceWorker(true);
});

const app = new BankApp();
app.persistence = dexiePersistence({ prefix: 'bank' });
app.display = new DisplaySettingsStore();
requireElement('app', HTMLElement).replaceWith(app);

function requireElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no ${type.name} with id "${id}"`);
  return element;
}
