import type { z } from 'zod';
import { errorBodySchema } from './protocol';
import {
  headEventSchema,
  logResponseSchema,
  pushRequestsResponseSchema,
  type LogResponse,
  type PushRequests,
  type PushRequestsResponse,
} from './protocol';
import { SyncHttpError } from './sync-http-error';
import { SyncNetworkError } from './sync-network-error';
import { SyncResponseError } from './sync-response-error';

/** The server a `RequestApi` talks to, and how. */
export interface RequestApiOptions {
  /** The server's base address; the API lives under `/v2` below it. */
  readonly url: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Gives up on a call after this long (default 30 s); the event stream has no such limit. */
  readonly timeoutMs?: number;
}

/**
 * The v2 wire protocol as typed calls: push a device's requests, read the vault log, follow its head. Every answer
 * is untrusted: schema-parsed, and every failure arrives as a `SyncError` (`SyncNetworkError`, `SyncHttpError`,
 * `SyncResponseError`), except an abort by the caller's signal, which rejects with the signal's reason.
 */
export class RequestApi {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: RequestApiOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    // Called unbound, `window.fetch` throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Pushes requests of this device, in order; resolves with what the server now holds. */
  push(body: PushRequests, signal?: AbortSignal): Promise<PushRequestsResponse> {
    const init = { method: 'POST', body: JSON.stringify(body) };
    return this.#call('/v2/requests', init, pushRequestsResponseSchema, signal);
  }

  /** One page of the vault log after `after`. */
  log(after: number, limit: number, signal?: AbortSignal): Promise<LogResponse> {
    return this.#call(`/v2/log?after=${after}&limit=${limit}`, { method: 'GET' }, logResponseSchema, signal);
  }

  /**
   * Follows the vault's head: calls `onHead` with each head the server announces, until the stream ends (resolves)
   * or fails (rejects with a `SyncError`), or `signal` aborts it.
   */
  async follow(onHead: (head: number) => void, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}/v2/events`, {
        method: 'GET',
        headers: { authorization: `Bearer ${this.#token}`, accept: 'text/event-stream' },
        signal,
      });
    } catch (error) {
      if (signal.aborted) return;
      throw new SyncNetworkError('failed', { cause: error });
    }
    if (!response.ok || response.body === null) throw errorFor('/v2/events', response, await safeText(response));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        // Server-sent events end with a blank line; only `data:` lines of `head` events matter here.
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const head = headOf(block);
          if (head !== undefined) onHead(head);
        }
        if (buffer.length > 65_536) throw new SyncResponseError('/v2/events', 'an event is too long');
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SyncResponseError) throw error;
      throw new SyncNetworkError('failed', { cause: error });
    } finally {
      reader.releaseLock();
    }
  }

  async #call<Schema extends z.ZodType>(
    path: string,
    init: { method: string; body?: string },
    schema: Schema,
    signal: AbortSignal | undefined,
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
    if (!response.ok) throw errorFor(path, response, text);
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

function headOf(block: string): number | undefined {
  const lines = block.split('\n');
  const event =
    lines
      .find((line) => line.startsWith('event:'))
      ?.slice(6)
      .trim() ?? 'message';
  if (event !== 'head') return undefined;
  const data = lines
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .join('\n');
  try {
    const parsed = headEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data.head : undefined;
  } catch {
    return undefined;
  }
}

async function safeText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

function errorFor(path: string, response: Response, text: string): SyncHttpError {
  let body: z.output<typeof errorBodySchema> | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON: a proxy's page, say. Reported with the status alone.
  }
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return new SyncHttpError({
    status: response.status,
    errorCode: body?.error ?? 'unknown',
    message: body?.message ?? `status ${response.status} from ${path}`,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    ...(body?.details === undefined ? {} : { details: body.details }),
  });
}
