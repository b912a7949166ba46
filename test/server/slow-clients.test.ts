import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SERVER_TIMEOUTS } from '../../server';
import type { LogResponse } from '../../src/sync';
import { openHeadEvents } from './fixtures/head-events';
import { trickle, writeAndLeave } from './fixtures/raw-socket';
import { requestClient, requestsOf } from './fixtures/request-wire';
import { pgliteServerStorage, type TestServerStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

/** How many connections each attack opens. */
const SOCKETS = 20;
/** What counts as "within a few seconds". */
const CUT_OFF_MS = 8_000;

describe('Sync server › clients that trickle or go away', () => {
  let server: TestServer;
  let opened: TestServerStorage;
  let token: string;
  const logs: string[] = [];

  beforeAll(async () => {
    opened = await pgliteServerStorage();
    server = await startTestServer({
      storage: opened.storage,
      requests: opened.requests,
      log: (...record) => logs.push(JSON.stringify(record)),
    });
    token = await server.vault();
  });
  afterAll(async () => {
    await server.close();
    await opened.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const pushHead = (length: number, authorization = `Bearer ${token}`) =>
    `POST /v2/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  const attack = async (start: () => string, trickled: string) => {
    const outcomes = await Promise.all(
      Array.from({ length: SOCKETS }, () => trickle(server.port, start(), trickled, { maxMs: CUT_OFF_MS + 4_000 })),
    );
    const times = outcomes.map((outcome) => outcome.closedAfterMs ?? Number.POSITIVE_INFINITY);
    return { outcomes, slowest: Math.max(...times) };
  };

  it('given 20 uploads trickling their body a byte a second, then each connection is dropped within a few seconds', async () => {
    const { outcomes, slowest } = await attack(() => pushHead(1_000), JSON.stringify(requestsOf('phone', 10)));
    console.log(`trickled bodies: ${SOCKETS} connections, the last dropped after ${slowest} ms`);
    expect(outcomes.filter((outcome) => outcome.closedAfterMs === undefined)).toHaveLength(0);
    expect(slowest).toBeLessThan(CUT_OFF_MS);
    expect(await requestClient(server.url, token).head()).toBe(0);
    const open = await new Promise<number>((resolve) => server.server.getConnections((_, count) => resolve(count)));
    expect(open).toBeLessThanOrEqual(1);
  });

  it('given 20 unauthenticated uploads trickling their body, then they are dropped too (the 401 waits for nobody)', async () => {
    const { slowest } = await attack(() => pushHead(1_000, 'Bearer wrong'), 'x'.repeat(100));
    expect(slowest).toBeLessThan(CUT_OFF_MS);
  });

  it('given 20 clients trickling their headers a byte a second, then each connection is dropped within a few seconds', async () => {
    const { outcomes, slowest } = await attack(
      () => 'GET /v2/log HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      `Authorization: Bearer ${token}\r\nX-Slow: ${'y'.repeat(100)}\r\n\r\n`,
    );
    console.log(`trickled headers: ${SOCKETS} connections, the last dropped after ${slowest} ms`);
    expect(outcomes.filter((outcome) => outcome.closedAfterMs === undefined)).toHaveLength(0);
    expect(slowest).toBeLessThan(DEFAULT_SERVER_TIMEOUTS.headersMs + 2_000);
  });

  it('given a slow but steady upload (100 KiB over 3 s), then it is accepted', async () => {
    const push = JSON.stringify(requestsOf('steady', 1, 1));
    const padded = `${push.slice(0, -1)}${' '.repeat(100 * 1_024 - push.length)}}`;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const bytes = new TextEncoder().encode(padded);
        for (let offset = 0; offset < bytes.length; offset += 10 * 1_024) {
          controller.enqueue(bytes.slice(offset, offset + 10 * 1_024));
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        controller.close();
      },
    });
    const answer = await fetch(`${server.url}/v2/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ deviceId: 'steady', acknowledged: 1 });
  });

  it('given request timeouts far shorter than a stream, then an event stream stays open past them and still hears heads', async () => {
    const brief = await startTestServer({
      storage: opened.storage,
      requests: opened.requests,
      heartbeatMs: 300,
      timeouts: { headersMs: 500, requestMs: 1_000, checkEveryMs: 100 },
    });
    try {
      const events = await openHeadEvents(brief.url, token);
      await events.reach(0);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const head = await requestClient(brief.url, token).head();
      await requestClient(brief.url, token).push(requestsOf('streamer', 1));
      await events.reach(head + 1);
      expect(events.comments).toBeGreaterThanOrEqual(5);
      events.close();
    } finally {
      await brief.close();
    }
  });

  it('given clients that leave mid-body, mid-headers or before the answer, then no 500 is logged or printed, and the server serves on', async () => {
    const errors = vi.spyOn(console, 'error');
    const seen = logs.length;
    const full = JSON.stringify(requestsOf('leaver', 3));
    await Promise.all([
      ...Array.from({ length: 5 }, () => writeAndLeave(server.port, `${pushHead(5_000)}{"deviceId":"lea`, 50)),
      ...Array.from({ length: 5 }, () => writeAndLeave(server.port, 'POST /v2/requests HTTP/1.1\r\nHost: 1', 50)),
      writeAndLeave(server.port, `${pushHead(Buffer.byteLength(full))}${full}`, 0),
      writeAndLeave(
        server.port,
        `GET /v2/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        100,
      ),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = logs.slice(seen);
    expect(lines.filter((line) => /"status":5\d\d|unhandled/.test(line))).toEqual([]);
    expect(lines.filter((line) => line.includes('"status":499'))).toHaveLength(5);
    expect(errors).not.toHaveBeenCalled();
    const api = requestClient(server.url, token);
    const page = (await api.get('/v2/log')).body as LogResponse;
    // The push whose answer nobody read was stored once, or not at all: a re-send settles it.
    expect((await api.push(requestsOf('leaver', 3))).status).toBe(200);
    const after = (await api.get('/v2/log')).body as LogResponse;
    expect(after.entries.filter((entry) => entry.deviceId === 'leaver').map((entry) => entry.position)).toEqual([
      1, 2, 3,
    ]);
    expect(page.head).toBeLessThanOrEqual(after.head);
  });
});
