import type { z } from 'zod';
import {
  errorBodySchema,
  pullResponseSchema,
  pushResponseSchema,
  statusResponseSchema,
  type PullResponse,
  type PushRequestInput,
  type StatusResponse,
} from './protocol';
import { SyncConflictError } from './sync-conflict-error';
import { SyncHttpError } from './sync-http-error';
import { SyncNetworkError } from './sync-network-error';
import { SyncResponseError } from './sync-response-error';

/** The server a `SyncApi` talks to, and how. */
export interface SyncApiOptions {
  /** The server's base address; the API lives under `/v1` below it. */
  readonly url: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Gives up on a request after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * The wire protocol as typed calls (DESIGN.md §6). Every answer is schema-parsed; every failure arrives as a
 * `SyncError` (`SyncNetworkError`, `SyncHttpError`, `SyncConflictError`, `SyncResponseError`), except an abort by
 * the caller's signal, which rejects with the signal's reason.
 */
export class SyncApi {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: SyncApiOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    // Called unbound, `window.fetch` throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Pushes events of one application; resolves with the highest position the server holds for it. */
  async push(request: PushRequestInput, signal?: AbortSignal): Promise<number> {
    const body = JSON.stringify(request);
    const response = await this.#call('/v1/push', { method: 'POST', body }, pushResponseSchema, signal, request);
    return response.acknowledged;
  }

  /** One page of the vault's events with `seq > after`. */
  pull(after: number, limit: number, signal?: AbortSignal): Promise<PullResponse> {
    const query = `after=${after}&limit=${limit}`;
    return this.#call(`/v1/pull?${query}`, { method: 'GET' }, pullResponseSchema, signal);
  }

  /** What the server holds per device and application. */
  status(signal?: AbortSignal): Promise<StatusResponse> {
    return this.#call('/v1/status', { method: 'GET' }, statusResponseSchema, signal);
  }

  async #call<Schema extends z.ZodType>(
    path: string,
    init: { method: string; body?: string },
    schema: Schema,
    signal: AbortSignal | undefined,
    push?: PushRequestInput,
  ): Promise<z.output<Schema>> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${this.#token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new SyncNetworkError(timeout.aborted ? 'timeout' : 'failed', { cause: error });
    }
    if (!response.ok) throw errorFor(path, response, text, push);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SyncResponseError(path, 'not JSON', { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncResponseError(path, parsed.error.issues[0]?.message ?? 'wrong shape');
    return parsed.data;
  }
}

function errorFor(path: string, response: Response, text: string, push?: PushRequestInput): Error {
  let body: z.output<typeof errorBodySchema> | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON: a proxy's page, say. Reported with the status alone.
  }
  const errorCode = body?.error ?? 'unknown';
  const message = body?.message ?? `status ${response.status} from ${path}`;
  if (response.status === 409 && (errorCode === 'version-conflict' || errorCode === 'position-conflict')) {
    return new SyncConflictError({
      application: push?.application ?? '',
      errorCode,
      message,
      details: body?.details ?? {},
    });
  }
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return new SyncHttpError({
    status: response.status,
    errorCode,
    message,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
  });
}
