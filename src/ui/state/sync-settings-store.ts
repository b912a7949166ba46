import * as z from 'zod/mini';

/** Where this device syncs: the server's address and the vault's token. */
export interface SyncSettings {
  readonly url: string;
  readonly token: string;
}

/** Where the settings are kept in `localStorage`. */
export const SYNC_SETTINGS_KEY = 'offline-bank:sync';

/** The sync settings, typed in by the person or read back from `localStorage`: outside input either way. */
export const syncSettingsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
});

/** Why the settings typed in cannot be used, in words, per field; `undefined` when they can. */
export type SyncSettingsProblems = Partial<Record<keyof SyncSettings, string>>;

/** Reads what the person typed: the settings, or what is wrong with each field. */
export function parseSyncSettings(
  input: Record<keyof SyncSettings, string>,
):
  | { readonly ok: true; readonly settings: SyncSettings }
  | { readonly ok: false; readonly problems: SyncSettingsProblems } {
  const parsed = syncSettingsSchema.safeParse({ url: input.url.trim(), token: input.token.trim() });
  if (parsed.success)
    return { ok: true, settings: { url: parsed.data.url.replace(/\/+$/, ''), token: parsed.data.token } };
  const problems: SyncSettingsProblems = {};
  for (const issue of parsed.error.issues) {
    if (issue.path[0] === 'url')
      problems.url = 'Enter the server’s full address, starting with https:// (or http:// on your own network).';
    if (issue.path[0] === 'token')
      problems.token = 'Enter the vault token the server printed when it created the vault.';
  }
  return { ok: false, problems };
}

/** The settings kept on this device, or `undefined` when sync is off (or what is kept cannot be read). */
export function readSyncSettings(): SyncSettings | undefined {
  try {
    const stored = localStorage.getItem(SYNC_SETTINGS_KEY);
    if (stored === null) return undefined;
    const parsed = syncSettingsSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the settings on this device (`undefined` turns sync off). Throws when the browser refuses to store them. */
export function writeSyncSettings(settings: SyncSettings | undefined): void {
  if (settings === undefined) localStorage.removeItem(SYNC_SETTINGS_KEY);
  else localStorage.setItem(SYNC_SETTINGS_KEY, JSON.stringify(settings));
}
