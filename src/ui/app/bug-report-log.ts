import type { RequestInspector } from '../../bank/request-inspector';
import { APP_VERSION, BUILD_ID } from './app-version';

/** How the log was handed over. */
export type BugReportDelivery = 'clipboard' | 'download';

/**
 * The bank's requests, opened, as JSON for a bug report: every request of the confirmed order as this device holds
 * it (with sync, the vault's entries: position, device, chain link and the request), the pending ones, and the
 * app's version. Built on the device from its own stores; nothing is sent anywhere.
 */
export async function bugReportLog(inspector: RequestInspector, now: Date = new Date()): Promise<string> {
  const log = await inspector.requestLog();
  const report = {
    app: { version: APP_VERSION, build: BUILD_ID },
    madeAt: now.toISOString(),
    order: inspector.syncs ? 'vault' : 'device',
    ...log,
  };
  return JSON.stringify(report, null, 2);
}

/**
 * Puts the log on the clipboard, or, where the browser does not allow that, saves it as a file: either way it stays
 * on the device until the person shares it.
 */
export async function deliverBugReportLog(text: string, prefer: BugReportDelivery): Promise<BugReportDelivery> {
  if (prefer === 'clipboard' && typeof navigator.clipboard?.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(text);
      return 'clipboard';
    } catch {
      // Refused (no permission, page not focused): the download below still works.
    }
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = 'offline-bank-requests.json';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return 'download';
}
