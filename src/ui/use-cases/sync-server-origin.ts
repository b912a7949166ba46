/**
 * The page's own origin when the app is served by a sync server (its `GET /healthz` answers `{ status: 'ok' }`):
 * the server address to suggest. `undefined` anywhere else (a static host answers with the app's page, or nothing).
 */
export async function syncServerOrigin(
  origin: string,
  options: { readonly fetch?: typeof fetch; readonly signal?: AbortSignal } = {},
): Promise<string | undefined> {
  const request = options.fetch ?? fetch;
  try {
    const response = await request(`${origin}/healthz`, {
      headers: { accept: 'application/json' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as unknown;
    return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'ok'
      ? origin
      : undefined;
  } catch {
    return undefined;
  }
}
