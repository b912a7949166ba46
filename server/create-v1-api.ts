import { Hono } from 'hono';
import { pullQuerySchema, pushRequestSchema, type PushResponse } from '../src/sync/protocol';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { parseInput, parseJson } from './parse-input';
import { readBody } from './read-body';
import type { SyncStorage } from './sync-storage';

/** What the v1 API serves from, and its limits. */
export interface V1ApiOptions {
  readonly storage: SyncStorage;
  readonly maxBodyBytes: number;
  readonly maxEventsPerPush: number;
  /** A body bigger than this is not even drained: the connection is closed after the 413. */
  readonly drainLimitBytes: number;
}

/**
 * The v1 API (application logs pushed for backup and restore), mounted under `/v1` behind the app's
 * authentication: `POST /push`, `GET /pull`, `GET /status`. Input is schema-parsed before the storage sees it; a
 * refused push stores nothing.
 */
export function createV1Api(options: V1ApiOptions): Hono<AppEnv> {
  const { storage, maxBodyBytes, maxEventsPerPush, drainLimitBytes } = options;
  const api = new Hono<AppEnv>();

  api.post('/push', async (c) => {
    const body = await readBody(c.req.raw, maxBodyBytes, drainLimitBytes);
    if (body.kind === 'too-large') {
      if (!body.drained) c.header('Connection', 'close');
      throw new ApiError('body-too-large', `The body is over ${maxBodyBytes} bytes`);
    }
    const json = parseJson(body.bytes);
    const events = (json as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > maxEventsPerPush) {
      throw new ApiError('too-many-events', `A push holds at most ${maxEventsPerPush} events, not ${events.length}`);
    }
    const request = parseInput(pushRequestSchema, json);
    c.set('events', request.events.length);
    const acknowledged = await storage.push(c.get('vault').id, request);
    return c.json({ acknowledged } satisfies PushResponse);
  });

  api.get('/pull', async (c) => {
    const query = parseInput(pullQuerySchema, c.req.query());
    const page = await storage.pull(c.get('vault').id, query.after, query.limit);
    c.set('events', page.events.length);
    return c.json(page);
  });

  api.get('/status', async (c) => c.json(await storage.status(c.get('vault').id)));

  for (const path of ['/push', '/pull', '/status']) {
    api.all(path, (c) => {
      throw new ApiError('method-not-allowed', `${c.req.method} is not allowed on /v1${path}`);
    });
  }
  api.all('*', (c) => {
    throw new ApiError('not-found', `No API at ${c.req.path}`);
  });
  return api;
}
