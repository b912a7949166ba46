import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { REQUEST_PROTOCOL_LIMITS } from '../src/sync/protocol';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { Authenticator } from './authenticator';
import { createRequestApi } from './create-request-api';
import { errorResponse } from './error-response';
import { HeadFeed } from './head-feed';
import { IncompleteBodyError } from './incomplete-body-error';
import { silentLogger, type Logger } from './logger';
import { RateLimiter } from './rate-limiter';
import { drainBody } from './read-body';
import type { RequestStorage } from './request-storage';
import { StorageUnavailableError } from './storage-unavailable-error';
import type { SyncStorage } from './sync-storage';
import { hashToken } from './vault-token';

/** What the HTTP app serves from, and its limits (the protocols' defaults unless given). */
export interface AppOptions {
  /** The vaults and their tokens. */
  readonly storage: SyncStorage;
  /** The v2 vault logs of encrypted requests; without it, `/v2` answers 404. */
  readonly requests?: RequestStorage;
  /** Where v2 pushes announce new heads and event streams hear of them; a new in-process feed by default. */
  readonly heads?: HeadFeed;
  /** Per-token request limit; defaults to `new RateLimiter()`. */
  readonly rateLimiter?: RateLimiter;
  /** Failed authentications per client address; defaults to `DEFAULT_FAILURE_LIMIT`. */
  readonly failureLimiter?: RateLimiter;
  readonly maxBodyBytes?: number;
  readonly maxRequestsPerPush?: number;
  /** How often an idle `GET /v2/events` stream gets a heartbeat comment (default 15 s). */
  readonly heartbeatMs?: number;
  /** The `Retry-After` of a `503 unavailable`, in seconds (default 2). */
  readonly retryAfterSeconds?: number;
  /** Structured request logs; silent by default. */
  readonly log?: Logger;
  /** The built PWA (`dist/`): served for every path outside the APIs and `/healthz`, `index.html` for app routes. */
  readonly staticRoot?: string;
}

/** A body bigger than this is not even drained: the connection is closed after the 413. */
const DRAIN_LIMIT_BYTES = 16 * 1_048_576;

/**
 * The sync server's HTTP app: `GET /healthz`, the `/v2` API behind bearer tokens, and the PWA.
 *
 * Invariants:
 * - Every API answer other than 200 is the JSON `{ error, message, details? }` with the status of its code, 401,
 *   413, 429, 503 and unexpected failures (500 `internal`, details logged, never sent) included.
 * - A database that is away is `503 unavailable` with `Retry-After`, never a 500 and never the end of the process.
 * - A request body nobody read is drained (bounded, at a minimum pace) before answering, or the connection is
 *   closed, so an early answer never leaves the client's next request on that keep-alive connection unanswered.
 * - A client that goes away mid-request, or trickles its body, is logged as 499 or 408: it is not a failure.
 * - Logs carry the method, path, status, duration, vault id, event or request count and error code; never a
 *   token, an envelope or event data.
 */
/**
 * The headers every answer carries. The app's own code only ('self'): no inline script, no other origin's script,
 * never framed (against clickjacking), no sniffing of content types. Styles may be inline: Lit adopts each
 * component's styles at run time. The sync server a person chooses may be on another origin, over HTTPS (or on
 * this machine while developing), so that is where the app may connect.
 */
const SECURE_HEADERS: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*'],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: false,
};

export function createApp(options: AppOptions): Hono<AppEnv> {
  const { storage } = options;
  const log = options.log ?? silentLogger;
  const limiter = options.rateLimiter ?? new RateLimiter();
  const authenticator = new Authenticator(
    storage,
    options.failureLimiter === undefined ? {} : { failures: options.failureLimiter },
  );
  const retryAfter = String(options.retryAfterSeconds ?? 2);
  const app = new Hono<AppEnv>();

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
      requests: c.get('requests'),
      error: c.get('errorCode'),
    });
  });

  app.use('*', secureHeaders(SECURE_HEADERS));

  app.get('/healthz', (c) => c.json({ status: 'ok', storage: storage.kind }));

  for (const prefix of ['/v2/*']) {
    // A PWA served from another origin may sync here too: the token travels in a header, never in a cookie, so any
    // origin may call; preflights are answered before authentication.
    app.use(
      prefix,
      cors({
        origin: '*',
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['retry-after'],
        maxAge: 600,
      }),
    );
    app.use(prefix, async (c, next) => {
      const token = /^Bearer ([\x21-\x7e]+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      const wait = limiter.take(token === undefined ? 'anonymous' : hashToken(token));
      if (wait > 0) {
        throw new ApiError('rate-limited', `Too many requests: retry in ${wait} s`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      c.set('vault', await authenticator.authenticate(token, c.env?.incoming?.socket.remoteAddress ?? 'unknown'));
      await next();
    });
  }

  if (options.requests !== undefined) {
    app.route(
      '/v2',
      createRequestApi({
        requests: options.requests,
        heads: options.heads ?? new HeadFeed(),
        maxBodyBytes: options.maxBodyBytes ?? REQUEST_PROTOCOL_LIMITS.maxBodyBytes,
        maxRequestsPerPush: options.maxRequestsPerPush ?? REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush,
        drainLimitBytes: DRAIN_LIMIT_BYTES,
        heartbeatMs: options.heartbeatMs ?? 15_000,
      }),
    );
  }
  app.all('/v2/*', (c) => {
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
    if (error instanceof StorageUnavailableError) {
      log('warn', 'storage unavailable', { method: c.req.method, path: c.req.path, code: errorCodeOf(error.cause) });
      const unavailable = new ApiError('unavailable', 'The database is unavailable; retry later', {
        headers: { 'Retry-After': retryAfter },
      });
      return errorResponse(c, unavailable);
    }
    if (error instanceof IncompleteBodyError) {
      c.set('errorCode', error.code);
      // Nobody is left to read an answer (or nobody deserves one): drop the connection.
      c.env?.incoming?.destroy();
      return new Response(null, { status: error.reason === 'closed' ? 499 : 408, headers: { Connection: 'close' } });
    }
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

/** A database error's SQLSTATE (or a Node error's code), safe to log: it names the failure, never the data. */
function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}
