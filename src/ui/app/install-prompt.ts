import { BehaviorSubject, type Observable } from 'rxjs';

/** Chromium's `beforeinstallprompt` event (not in TypeScript's DOM library). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ readonly outcome: 'accepted' | 'dismissed' }>;
}

const offered$ = new BehaviorSubject<BeforeInstallPromptEvent | undefined>(undefined);

/**
 * Starts listening for the browser's offer to install the app. Called once, early: Chromium fires
 * `beforeinstallprompt` soon after load, and keeps the offer only if the page holds on to the event.
 */
export function listenForInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    offered$.next(event as BeforeInstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => offered$.next(undefined));
}

/** The browser's install offer while it stands; `undefined` where there is none (or the app is installed). */
export const installPrompt$: Observable<BeforeInstallPromptEvent | undefined> = offered$.asObservable();

/** Shows the browser's install dialog; the offer is used up either way. */
export async function promptInstall(): Promise<boolean> {
  const offer = offered$.value;
  if (offer === undefined) return false;
  offered$.next(undefined);
  await offer.prompt();
  return (await offer.userChoice).outcome === 'accepted';
}
