import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the service worker with the 'prompt' update flow: a new version waits until the person chooses to
 * reload, so a page in the middle of something is never swapped under them. `banner` is shown when a new version
 * waits; `reloadButton` in it hands over to that version and reloads.
 */
export function offerUpdates(banner: HTMLElement, reloadButton: HTMLButtonElement): void {
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
}
