import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { z } from 'zod';
import {
  PROTOCOL_LIMITS,
  pullQuerySchema,
  pushRequestSchema,
  type ErrorBody,
  type PushResponse,
} from '../src/sync/protocol';
import { ApiError } from './api-error';
import { silentLogger, type Logger } from './logger';
import { RateLimiter } from './rate-limiter';
import { drainBody, readBody } from './read-body';
import type { SyncStorage, VaultRecord } from './sync-storage';
import { hashToken, tokenMatches, vaultIdOf } from './vault-token';

/** What the HTTP app serves from, and its limits (the protocol's defaults unless given). */
export interface AppOptions {
  readonly storage: SyncStorage;
  /** Per-token request limit; defaults to `new RateLimiter()`. */
  readonly rateLimiter?: RateLimiter;
  readonly maxBodyBytes?: number;
  readonly maxEventsPerPush?: number;
  /** Structured request logs; silent by default. */
  readonly log?: Logger;
  /** The built PWA (`dist/`): served for every path outside `/v1` and `/healthz`, `index.html` for app routes. */
  readonly staticRoot?: string;
}

/** A body bigger than this is not even drained: the connection is closed after the 413. */
const DRAIN_LIMIT_BYTES = 16 * 1_048_576;

type Env = { Variables: { vault: VaultRecord; events: number; errorCode: string } };

/**
 * The sync server's HTTP app (DESIGN.md §6): `GET /healthz`, the `/v1` API behind bearer tokens, and the PWA.
 *
 * Invariants:
 * - Every `/v1` answer other than 200 is the JSON `{ error, message, details? }` with the status of its code, 401,
 *   413, 429 and unexpected failures (500 `internal`, details logged, never sent) included.
 * - Input is schema-parsed before the storage sees it; a refused push stores nothing.
 * - A request body nobody read is drained (bounded) before answering, or the connection is closed, so an early
 *   answer never leaves the client's next request on that keep-alive connection unanswered.
 * - Logs carry the method, path, status, duration, vault id, event count and error code; never a token or data.
 */
export function createApp(options: AppOptions): Hono<Env> {
  const { storage } = options;
  const log = options.log ?? silentLogger;
  const limiter = options.rateLimiter ?? new RateLimiter();
  const maxBodyBytes = options.maxBodyBytes ?? PROTOCOL_LIMITS.maxBodyBytes;
  const maxEventsPerPush = options.maxEventsPerPush ?? PROTOCOL_LIMITS.maxEventsPerPush;
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (!(await drainBody(c.req.raw, DRAIN_LIMIT_BYTES))) c.header('Connection', 'close');
    log('info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      vault: c.get('vault')?.id,
      events: c.get('events'),
      error: c.get('errorCode'),
    });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', storage: storage.kind }));

  // A PWA served from another origin may sync here too: the token travels in a header, never in a cookie, so any
  // origin may call; preflights are answered before authentication.
  app.use(
    '/v1/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['retry-after'],
      maxAge: 600,
    }),
  );

  app.use('/v1/*', async (c, next) => {
    const token = /^Bearer ([\x21-\x7e]+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const retryAfter = limiter.take(token === undefined ? 'anonymous' : hashToken(token));
    if (retryAfter > 0) {
      throw new ApiError('rate-limited', `Too many requests: retry in ${retryAfter} s`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    if (token === undefined) throw new ApiError('unauthorized', 'An Authorization: Bearer <token> header is required');
    c.set('vault', await authenticate(storage, token));
    await next();
  });

  app.post('/v1/push', async (c) => {
    const body = await readBody(c.req.raw, maxBodyBytes, DRAIN_LIMIT_BYTES);
    if (body.kind === 'too-large') {
      if (!body.drained) c.header('Connection', 'close');
      throw new ApiError('body-too-large', `The body is over ${maxBodyBytes} bytes`);
    }
    const json = parseJson(body.bytes);
    const events = (json as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > maxEventsPerPush) {
      throw new ApiError('too-many-events', `A push holds at most ${maxEventsPerPush} events, not ${events.length}`);
    }
    const request = parse(pushRequestSchema, json);
    c.set('events', request.events.length);
    const acknowledged = await storage.push(c.get('vault').id, request);
    return c.json({ acknowledged } satisfies PushResponse);
  });

  app.get('/v1/pull', async (c) => {
    const query = parse(pullQuerySchema, c.req.query());
    const page = await storage.pull(c.get('vault').id, query.after, query.limit);
    c.set('events', page.events.length);
    return c.json(page);
  });

  app.get('/v1/status', async (c) => c.json(await storage.status(c.get('vault').id)));

  for (const path of ['/v1/push', '/v1/pull', '/v1/status']) {
    app.all(path, (c) => {
      throw new ApiError('method-not-allowed', `${c.req.method} is not allowed on ${path}`);
    });
  }
  app.all('/v1/*', (c) => {
    throw new ApiError('not-found', `No API at ${c.req.path}`);
  });

  if (options.staticRoot !== undefined) {
    app.use('*', serveStatic({ root: options.staticRoot }));
    // Paths of the single-page app that are not files get the page itself.
    app.get('*', serveStatic({ root: options.staticRoot, path: 'index.html' }));
  }

  app.notFound((c) => errorResponse(c, new ApiError('not-found', `Nothing at ${c.req.path}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    log('error', 'unhandled error', {
      method: c.req.method,
      path: c.req.path,
      error: error.name,
      code: errorCodeOf(error),
    });
    return errorResponse(c, new ApiError('internal', 'The server failed; the request may be retried'));
  });
  return app;
}

/** Finds the vault a token opens, comparing hashes in constant time; `unauthorized` otherwise. */
async function authenticate(storage: SyncStorage, token: string): Promise<VaultRecord> {
  const vaultId = vaultIdOf(token);
  const vault = vaultId === undefined ? undefined : await storage.findVault(vaultId);
  // Compare even when there is no such vault, so the time taken says nothing about which part was wrong.
  const matches = tokenMatches(token, vault?.tokenHash ?? UNUSABLE_HASH);
  if (vault === undefined || !matches) throw new ApiError('unauthorized', 'The token opens no vault');
  return vault;
}

const UNUSABLE_HASH = '0'.repeat(64);

/** A database error's SQLSTATE (or a Node error's code), safe to log: it names the failure, never the data. */
function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new ApiError('invalid-json', 'The body is not JSON in UTF-8');
  }
}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  throw new ApiError('invalid-request', `Invalid request${where}: ${issue?.message ?? 'malformed'}`);
}

function errorResponse(c: Context<Env>, error: ApiError): Response {
  c.set('errorCode', error.code);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const body: ErrorBody = {
    error: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: { ...error.details } }),
  };
  return c.json(body, error.status);
}
