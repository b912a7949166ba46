import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppEnv } from './app-env';

/**
 * How long the Node server waits for a client. Bodies have their own minimum pace (`readBody`); these bound the
 * rest: a client trickling its request line and headers is dropped after `headersMs`, and any request not received
 * whole after `requestMs` (a body trickled to a route that does not read it) is dropped too. Node checks them every
 * `checkEveryMs` (30 s by default, far too coarse to stop a slow-client attack).
 */
export interface ServerTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly checkEveryMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveMs: number;
}

/** The default timeouts: 5 s for headers, 150 s for a whole request (a 1 MiB push at 8 KiB/s takes about 130 s). */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 5_000,
  requestMs: 150_000,
  checkEveryMs: 1_000,
  keepAliveMs: 5_000,
};

/**
 * Serves the app with Node's HTTP server on `hostname:port` (0 picks a free port), with the timeouts above; resolves
 * once it listens. A response stream (`GET /v2/events`) is not bound by them: they only time the request's arrival.
 */
export function serveApp(
  app: Hono<AppEnv>,
  options: { port: number; hostname: string; timeouts?: Partial<ServerTimeouts> },
): Promise<{ server: Server; port: number }> {
  const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts };
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: app.fetch,
      port: options.port,
      hostname: options.hostname,
      serverOptions: {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        connectionsCheckingInterval: timeouts.checkEveryMs,
        keepAliveTimeout: timeouts.keepAliveMs,
      },
    }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
