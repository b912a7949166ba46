import { Hono } from 'hono';
import { logQuerySchema, pushRequestsSchema, type LogResponse, type PushRequestsResponse } from '../src/sync/protocol';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import type { HeadFeed } from './head-feed';
import { headEvents } from './head-events';
import { parseInput, parseJson } from './parse-input';
import { readBody } from './read-body';
import type { RequestStorage } from './request-storage';

/** What the v2 API serves from, and its limits. */
export interface RequestApiOptions {
  readonly requests: RequestStorage;
  /** Where pushes announce new heads and event streams hear of them. */
  readonly heads: HeadFeed;
  readonly maxBodyBytes: number;
  readonly maxRequestsPerPush: number;
  /** A body bigger than this is not even drained: the connection is closed after the 413. */
  readonly drainLimitBytes: number;
  /** How often an idle event stream gets a comment, so proxies and clients see it is alive. */
  readonly heartbeatMs: number;
}

/**
 * The v2 API, a blind sequencer of encrypted requests, mounted under `/v2` behind the app's authentication:
 * `POST /requests` pushes a device's requests, `GET /log` pages through the vault log, `GET /events` streams the
 * vault's head. Input is schema-parsed before the storage sees it; a refused push stores nothing; a push that
 * stored something announces the new head (after its commit) to this process's streams.
 */
export function createRequestApi(options: RequestApiOptions): Hono<AppEnv> {
  const { requests, heads, maxBodyBytes, maxRequestsPerPush, drainLimitBytes } = options;
  const api = new Hono<AppEnv>();

  api.post('/requests', async (c) => {
    const body = await readBody(c.req.raw, maxBodyBytes, drainLimitBytes);
    if (body.kind === 'too-large') {
      if (!body.drained) c.header('Connection', 'close');
      throw new ApiError('body-too-large', `The body is over ${maxBodyBytes} bytes`);
    }
    const json = parseJson(body.bytes);
    const pushed = (json as { requests?: unknown } | null)?.requests;
    if (Array.isArray(pushed) && pushed.length > maxRequestsPerPush) {
      throw new ApiError(
        'too-many-requests',
        `A push holds at most ${maxRequestsPerPush} requests, not ${pushed.length}`,
      );
    }
    const push = parseInput(pushRequestsSchema, json);
    c.set('requests', push.requests.length);
    const vaultId = c.get('vault').id;
    const answer = await requests.push(vaultId, push);
    heads.announce(vaultId, answer.head);
    return c.json(answer satisfies PushRequestsResponse);
  });

  api.get('/log', async (c) => {
    const query = parseInput(logQuerySchema, c.req.query());
    const page = await requests.log(c.get('vault').id, query.after, query.limit);
    c.set('requests', page.entries.length);
    return c.json(page satisfies LogResponse);
  });

  api.get('/events', (c) => headEvents(c, { vaultId: c.get('vault').id, ...options }));

  for (const [path, allowed] of [
    ['/requests', 'POST'],
    ['/log', 'GET'],
    ['/events', 'GET'],
  ] as const) {
    api.all(path, (c) => {
      c.header('Allow', allowed);
      throw new ApiError('method-not-allowed', `${c.req.method} is not allowed on /v2${path}`);
    });
  }
  api.all('*', (c) => {
    throw new ApiError('not-found', `No API at ${c.req.path}`);
  });
  return api;
}
