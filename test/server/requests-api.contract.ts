import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadFeed } from '../../server';
import {
  REQUEST_PROTOCOL_LIMITS,
  envelopeSchema,
  logResponseSchema,
  pushRequestsResponseSchema,
  type LogResponse,
} from '../../src/sync';
import { eventually } from '../fixtures/eventually';
import { openHeadEvents } from './fixtures/head-events';
import { envelopeOf, requestClient, requestsOf, type Answer } from './fixtures/request-wire';
import type { TestServerStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

/**
 * The v2 API contract, a blind sequencer of encrypted requests: run once per database (PGlite, PostgreSQL) over
 * real HTTP on 127.0.0.1. `openStorage` gives storages on a database no other test uses.
 */
export function requestsApiContract(name: string, openStorage: () => Promise<TestServerStorage>): void {
  describe(`Sync server v2 › ${name}`, () => {
    let server: TestServer;
    let opened: TestServerStorage;
    const heads = new HeadFeed();
    const logs: string[] = [];

    beforeAll(async () => {
      opened = await openStorage();
      server = await startTestServer({
        storage: opened.storage,
        requests: opened.requests,
        heads,
        heartbeatMs: 200,
        log: (...record) => logs.push(JSON.stringify(record)),
      });
    });
    afterAll(async () => {
      await server.close();
      await opened.close();
    });

    const newVault = async () => requestClient(server.url, await server.vault());

    describe('push and log', () => {
      it('given a push, when the log is read, then its requests come in order with seq, device, position and envelope', async () => {
        const api = await newVault();
        const push = requestsOf('phone', 3);
        const answer = await api.push(push);
        expect(answer.status).toBe(200);
        expect(pushRequestsResponseSchema.parse(answer.body)).toEqual({ deviceId: 'phone', acknowledged: 3, head: 3 });
        const page = logResponseSchema.parse((await api.get('/v2/log')).body);
        expect(page).toEqual({
          entries: push.requests.map((request, index) => ({ seq: index + 1, deviceId: 'phone', ...request })),
          next: null,
          head: 3,
        });
      });

      it('given pushes of two devices in turn, then seq follows push order and each device keeps its positions', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 2));
        await api.push(requestsOf('laptop', 1));
        expect(await api.push(requestsOf('phone', 1, 3))).toMatchObject({
          status: 200,
          body: { deviceId: 'phone', acknowledged: 3, head: 4 },
        });
        const page = (await api.get('/v2/log')).body as LogResponse;
        expect(page.entries.map((entry) => [entry.seq, entry.deviceId, entry.position])).toEqual([
          [1, 'phone', 1],
          [2, 'phone', 2],
          [3, 'laptop', 1],
          [4, 'phone', 3],
        ]);
      });

      it('given more entries than a page, when paging with next, then every entry comes once and next is the last seq', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 25));
        const seen: number[] = [];
        const nexts: (number | null)[] = [];
        for (let after: number | null = 0; after !== null;) {
          const page = logResponseSchema.parse((await api.get(`/v2/log?after=${after}&limit=10`)).body);
          expect(page.head).toBe(25);
          seen.push(...page.entries.map((entry) => entry.seq));
          nexts.push(page.next);
          after = page.next;
        }
        expect(seen).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
        expect(nexts).toEqual([10, 20, null]);
        expect((await api.get('/v2/log?after=25')).body).toEqual({ entries: [], next: null, head: 25 });
      });

      it('given an empty vault, then the log is empty with head 0', async () => {
        const api = await newVault();
        expect((await api.get('/v2/log')).body).toEqual({ entries: [], next: null, head: 0 });
      });

      it('given no limit, then 100 entries come; a limit of 1,000 and a push of 1,000 requests are accepted', async () => {
        const api = await newVault();
        expect(await api.push(requestsOf('phone', REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush))).toMatchObject({
          status: 200,
          body: { acknowledged: 1_000, head: 1_000 },
        });
        const page = (await api.get('/v2/log')).body as LogResponse;
        expect(page.entries).toHaveLength(REQUEST_PROTOCOL_LIMITS.defaultLogLimit);
        expect(page.next).toBe(100);
        expect(((await api.get('/v2/log?limit=1000')).body as LogResponse).entries).toHaveLength(1_000);
      });

      it('given the largest ciphertext and device id, then they are stored and come back byte for byte', async () => {
        const api = await newVault();
        const deviceId = 'd'.repeat(REQUEST_PROTOCOL_LIMITS.maxDeviceIdLength);
        const envelope = { v: 1, iv: 'AAAAAAAAAAAAAAAA', ciphertext: '_-'.repeat(16_384) } as const;
        expect((await api.push({ deviceId, requests: [{ position: 1, envelope }] })).status).toBe(200);
        const [entry] = ((await api.get('/v2/log')).body as LogResponse).entries;
        expect(entry).toEqual({ seq: 1, deviceId, position: 1, envelope });
      });

      it('given after at Number.MAX_SAFE_INTEGER, then an empty page, not an error', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 1));
        expect(await api.get(`/v2/log?after=${Number.MAX_SAFE_INTEGER}`)).toMatchObject({
          status: 200,
          body: { entries: [], next: null, head: 1 },
        });
      });

      it('given another origin, then preflights pass and error answers allow it too', async () => {
        const preflight = await fetch(`${server.url}/v2/requests`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://bank.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
        const refused = await fetch(`${server.url}/v2/log`, { headers: { origin: 'https://bank.example' } });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('access-control-allow-origin')).toBe('*');
        expect(refused.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
      });
    });

    describe('re-sends and conflicts', () => {
      it('given stored positions, when re-sent with the same envelopes, then 200 and nothing new', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 3));
        expect(await api.push(requestsOf('phone', 3))).toMatchObject({
          status: 200,
          body: { deviceId: 'phone', acknowledged: 3, head: 3 },
        });
        expect(await api.head()).toBe(3);
      });

      it('given stored positions, when a push overlaps them and adds new ones, then only the new ones are stored', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 3));
        expect(await api.push(requestsOf('phone', 4, 2))).toMatchObject({
          status: 200,
          body: { acknowledged: 5, head: 5 },
        });
        const page = (await api.get('/v2/log')).body as LogResponse;
        expect(page.entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5]);
      });

      it('given a stored position, when re-sent with other bytes along with new ones, then 409 position-conflict naming it, and nothing stored', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 3));
        const push = requestsOf('phone', 3, 2);
        push.requests[1] = { position: 3, envelope: envelopeOf('phone', 3, 1) };
        const answer = await api.push(push);
        expect(answer).toMatchObject({
          status: 409,
          body: { error: 'position-conflict', details: { position: 3 } },
        });
        expect(await api.head()).toBe(3);
      });

      it('given a changed IV alone, then it is a conflict too', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 1));
        const envelope = { ...envelopeOf('phone', 1), iv: 'BBBBBBBBBBBBBBBB' };
        expect(await api.push({ deviceId: 'phone', requests: [{ position: 1, envelope }] })).toMatchObject({
          status: 409,
          body: { error: 'position-conflict', details: { position: 1 } },
        });
      });

      it('given a push that skips positions, then 409 position-gap with the expected position, and nothing stored', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 2));
        expect(await api.push(requestsOf('phone', 2, 5))).toMatchObject({
          status: 409,
          body: { error: 'position-gap', details: { expected: 3 } },
        });
        expect(await api.push(requestsOf('laptop', 1, 2))).toMatchObject({
          status: 409,
          body: { error: 'position-gap', details: { expected: 1 } },
        });
        expect(await api.head()).toBe(2);
      });

      it('given a push that begins the vault while another device has begun it, then 409 vault-taken and nothing stored', async () => {
        const api = await newVault();
        expect(await api.push({ ...requestsOf('phone', 3), founding: true })).toMatchObject({
          status: 200,
          body: { acknowledged: 3, head: 3 },
        });
        expect(await api.push({ ...requestsOf('laptop', 2), founding: true })).toMatchObject({
          status: 409,
          body: { error: 'vault-taken' },
        });
        expect(await api.head()).toBe(3);
        // The device that began it re-sends and goes on, still asking: its own requests are no other device's.
        expect(await api.push({ ...requestsOf('phone', 5), founding: true })).toMatchObject({
          status: 200,
          body: { acknowledged: 5, head: 5 },
        });
        expect(await api.push(requestsOf('laptop', 2))).toMatchObject({ status: 200, body: { head: 7 } });
      });

      it('given a position at Number.MAX_SAFE_INTEGER, then a gap, never a 500', async () => {
        const api = await newVault();
        const push = {
          deviceId: 'phone',
          requests: [{ position: Number.MAX_SAFE_INTEGER, envelope: envelopeOf('p', 1) }],
        };
        expect(await api.push(push)).toMatchObject({ status: 409, body: { error: 'position-gap' } });
      });

      it('given the same device pushing twice at once, then both are answered and each position is stored once', async () => {
        const api = await newVault();
        const answers = await Promise.all([api.push(requestsOf('phone', 5)), api.push(requestsOf('phone', 5))]);
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
        const page = (await api.get('/v2/log')).body as LogResponse;
        expect(page.entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5]);
      });
    });

    describe('isolation', () => {
      it("given a vault B's token, then it neither reads nor writes vault A", async () => {
        const tokenA = await server.vault();
        const tokenB = await server.vault();
        const a = requestClient(server.url, tokenA);
        const b = requestClient(server.url, tokenB);
        await a.push(requestsOf('phone', 4));
        expect((await b.get('/v2/log?after=0')).body).toEqual({ entries: [], next: null, head: 0 });
        expect(await b.push(requestsOf('phone', 1))).toMatchObject({ status: 200, body: { head: 1 } });
        expect(await a.head()).toBe(4);
        const aLog = (await a.get('/v2/log')).body as LogResponse;
        expect(aLog.entries.map((entry) => entry.envelope)).toEqual(
          requestsOf('phone', 4).requests.map((r) => r.envelope),
        );
      });
    });

    describe('bad input', () => {
      let api: ReturnType<typeof requestClient>;
      let token: string;
      const one = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        deviceId: 'phone',
        requests: [request],
        ...extra,
      });
      const good = (position = 2) => ({ position, envelope: envelopeOf('phone', position) });
      const withEnvelope = (envelope: Record<string, unknown>) => one({ position: 2, envelope });

      beforeAll(async () => {
        token = await server.vault();
        api = requestClient(server.url, token);
        await api.push(requestsOf('phone', 1));
      });

      const table: readonly (readonly [string, () => Promise<Answer>, number, string])[] = [
        ['no token', () => requestClient(server.url, undefined).push(one(good())), 401, 'unauthorized'],
        [
          'a wrong token',
          () => requestClient(server.url, `${token.slice(0, -4)}AAAA`).push(one(good())),
          401,
          'unauthorized',
        ],
        ['a token of another shape', () => requestClient(server.url, 'hunter2').push(one(good())), 401, 'unauthorized'],
        ['no token on the log', () => requestClient(server.url, undefined).get('/v2/log'), 401, 'unauthorized'],
        ['no token on the events', () => requestClient(server.url, undefined).get('/v2/events'), 401, 'unauthorized'],
        ['malformed JSON', () => api.pushRaw('{"deviceId": "phone", '), 400, 'invalid-json'],
        ['a body that is not UTF-8', () => api.pushRaw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 400, 'invalid-json'],
        ['an empty body', () => api.pushRaw(''), 400, 'invalid-json'],
        ['a JSON array as body', () => api.push([one(good())]), 400, 'invalid-request'],
        ['null as body', () => api.push(null), 400, 'invalid-request'],
        ['an extra key in the push', () => api.push(one(good(), { application: 'x' })), 400, 'invalid-request'],
        ['an extra key in a request', () => api.push(one({ ...good(), kind: 'deposit' })), 400, 'invalid-request'],
        [
          'an extra key in an envelope',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), key: 'k' })),
          400,
          'invalid-request',
        ],
        ['a missing deviceId', () => api.push({ requests: [good()] }), 400, 'invalid-request'],
        ['an empty deviceId', () => api.push(one(good(), { deviceId: '' })), 400, 'invalid-request'],
        [
          'a deviceId of 65 characters',
          () => api.push(one(good(), { deviceId: 'd'.repeat(65) })),
          400,
          'invalid-request',
        ],
        ['a deviceId with a space', () => api.push(one(good(), { deviceId: 'my phone' })), 400, 'invalid-request'],
        ['a deviceId with a NUL', () => api.push(one(good(), { deviceId: 'a\u0000b' })), 400, 'invalid-request'],
        ['a deviceId that is a number', () => api.push(one(good(), { deviceId: 7 })), 400, 'invalid-request'],
        ['no requests', () => api.push({ deviceId: 'phone', requests: [] }), 400, 'invalid-request'],
        ['requests that are not a list', () => api.push({ deviceId: 'phone', requests: {} }), 400, 'invalid-request'],
        ['a request that is null', () => api.push({ deviceId: 'phone', requests: [null] }), 400, 'invalid-request'],
        ['position 0', () => api.push(one(good(0))), 400, 'invalid-request'],
        ['a negative position', () => api.push(one(good(-3))), 400, 'invalid-request'],
        ['a fractional position', () => api.push(one(good(2.5))), 400, 'invalid-request'],
        ['a position as a string', () => api.push(one({ ...good(), position: '2' })), 400, 'invalid-request'],
        ['a position of 2^53', () => api.push(one(good(2 ** 53))), 400, 'invalid-request'],
        [
          'a position of 1e300',
          () => api.pushRaw(JSON.stringify(one(good())).replace('"position":2', '"position":1e300')),
          400,
          'invalid-request',
        ],
        [
          'positions that are not consecutive',
          () => api.push({ deviceId: 'phone', requests: [good(2), good(4)] }),
          400,
          'invalid-request',
        ],
        [
          'positions out of order',
          () => api.push({ deviceId: 'phone', requests: [good(3), good(2)] }),
          400,
          'invalid-request',
        ],
        [
          'a repeated position',
          () => api.push({ deviceId: 'phone', requests: [good(2), good(2)] }),
          400,
          'invalid-request',
        ],
        ['a missing envelope', () => api.push(one({ position: 2 })), 400, 'invalid-request'],
        ['envelope version 2', () => api.push(withEnvelope({ ...envelopeOf('p', 2), v: 2 })), 400, 'invalid-request'],
        [
          'an IV of 15 characters',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), iv: 'A'.repeat(15) })),
          400,
          'invalid-request',
        ],
        [
          'an IV of 17 characters',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), iv: 'A'.repeat(17) })),
          400,
          'invalid-request',
        ],
        [
          'an IV with padding',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), iv: 'AAAAAAAAAAAAAA==' })),
          400,
          'invalid-request',
        ],
        [
          'an IV in base64 with +',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), iv: 'AAAAAAAAAAAAAA+/' })),
          400,
          'invalid-request',
        ],
        [
          'an empty ciphertext',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), ciphertext: '' })),
          400,
          'invalid-request',
        ],
        [
          'a ciphertext over 32,768 characters',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), ciphertext: 'A'.repeat(32_769) })),
          400,
          'invalid-request',
        ],
        [
          'a ciphertext that is plain text',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), ciphertext: 'deposit 100 to alice' })),
          400,
          'invalid-request',
        ],
        [
          'a ciphertext with a lone surrogate',
          () =>
            api.pushRaw(
              JSON.stringify(withEnvelope(envelopeOf('p', 2))).replace(/"ciphertext":"/, '"ciphertext":"\\ud800'),
            ),
          400,
          'invalid-request',
        ],
        [
          'a ciphertext that is a number',
          () => api.push(withEnvelope({ ...envelopeOf('p', 2), ciphertext: 12 })),
          400,
          'invalid-request',
        ],
        [
          'a body over 1 MiB',
          () =>
            api.push(
              withEnvelope({ ...envelopeOf('p', 2), ciphertext: 'A'.repeat(REQUEST_PROTOCOL_LIMITS.maxBodyBytes) }),
            ),
          413,
          'body-too-large',
        ],
        [
          '1,001 requests in one push',
          () => api.push(requestsOf('phone', REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush + 1, 2)),
          413,
          'too-many-requests',
        ],
        [
          'a stored position re-sent with other bytes',
          () => api.push({ deviceId: 'phone', requests: [{ position: 1, envelope: envelopeOf('phone', 1, 9) }] }),
          409,
          'position-conflict',
        ],
        ['a gap after the stored positions', () => api.push(one(good(3))), 409, 'position-gap'],
        ['a log after -1', () => api.get('/v2/log?after=-1'), 400, 'invalid-request'],
        ['a log after 1.5', () => api.get('/v2/log?after=1.5'), 400, 'invalid-request'],
        ['a log after 1e3', () => api.get('/v2/log?after=1e3'), 400, 'invalid-request'],
        ['a log after a word', () => api.get('/v2/log?after=abc'), 400, 'invalid-request'],
        ['a log after nothing', () => api.get('/v2/log?after='), 400, 'invalid-request'],
        ['a log after 2^53', () => api.get(`/v2/log?after=${2 ** 53}`), 400, 'invalid-request'],
        ['a log after 10^20', () => api.get('/v2/log?after=100000000000000000000'), 400, 'invalid-request'],
        ['a log after +1', () => api.get('/v2/log?after=%2B1'), 400, 'invalid-request'],
        ['a log with limit 0', () => api.get('/v2/log?limit=0'), 400, 'invalid-request'],
        ['a log with limit 1,001', () => api.get('/v2/log?limit=1001'), 400, 'invalid-request'],
        ['a log with an unknown parameter', () => api.get('/v2/log?afterr=1'), 400, 'invalid-request'],
        ['a log with a broken escape', () => api.get('/v2/log?after=%ZZ'), 400, 'invalid-request'],
        ['an unknown v2 path', () => api.get('/v2/nothing'), 404, 'not-found'],
        ['GET on requests', () => api.get('/v2/requests'), 405, 'method-not-allowed'],
      ];

      for (const [description, send, status, code] of table) {
        it(`given ${description}, then ${status} ${code} as JSON, and nothing is stored`, async () => {
          const before = await api.head();
          const answer = await send();
          expect(answer.status).toBe(status);
          expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
          expect(answer.body).toMatchObject({ error: code, message: expect.any(String) as string });
          expect(await api.head()).toBe(before);
        });
      }

      it('given POST on the log, then 405 with the allowed method', async () => {
        const answer = await fetch(`${server.url}/v2/log`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(answer.status).toBe(405);
        expect(answer.headers.get('allow')).toBe('GET');
        expect(await answer.json()).toMatchObject({ error: 'method-not-allowed' });
      });

      it('given a 413 for a body over the limit, then the next request on the same connection is answered', async () => {
        for (let round = 0; round < 3; round++) {
          const tooBig = await api.push(withEnvelope({ ...envelopeOf('p', 2), ciphertext: 'A'.repeat(1_100_000) }));
          expect(tooBig.status).toBe(413);
          expect((await api.get('/v2/log?limit=1')).status).toBe(200);
        }
      });
    });

    describe('fuzz', () => {
      it('given 300 random and mangled bodies and queries (seeded), then never a 5xx, always JSON, and only valid requests stored', async () => {
        const api = await newVault();
        await api.push(requestsOf('phone', 2));
        const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
        console.log(`sync server v2 fuzz (${name}): seed ${seed} (FUZZ_SEED=${seed} repeats it)`);
        let refused = 0;
        await fc.assert(
          fc.asyncProperty(hostileInput(), async (input) => {
            const before = await api.head();
            const answer =
              input.kind === 'push' ? await api.pushRaw(input.body) : await api.get(`/v2/log?${input.query}`);
            expect(answer.status).toBeLessThan(500);
            expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
            if (answer.status !== 200) {
              refused++;
              expect(answer.body).toMatchObject({ error: expect.any(String) as string });
              expect(await api.head()).toBe(before);
            }
          }),
          { seed, numRuns: 300 },
        );
        expect(refused).toBeGreaterThan(100);
        // Whatever was stored is a valid log: seq gap-free from 1, each device's positions gap-free from 1.
        const page = logResponseSchema.parse((await api.get('/v2/log?limit=1000')).body);
        expect(page.entries.map((entry) => entry.seq)).toEqual(page.entries.map((_, index) => index + 1));
        const positions = new Map<string, number>();
        for (const entry of page.entries) {
          expect(entry.position).toBe((positions.get(entry.deviceId) ?? 0) + 1);
          positions.set(entry.deviceId, entry.position);
        }
        const rows = await opened.sql.query<{ v: number; iv: string; ciphertext: string }>(
          'SELECT v, iv, ciphertext FROM requests',
        );
        for (const row of rows) expect(envelopeSchema.safeParse(row).success).toBe(true);
      });
    });

    describe('concurrent pushes', () => {
      it('given devices pushing at once while a reader pages, then seq has no gap and the reader skips nothing', async () => {
        const api = await newVault();
        const devices = 6;
        const pushesEach = 10;
        const total = devices * pushesEach * 5;
        const seen: number[] = [];
        let done = false;
        const reader = (async () => {
          let after = 0;
          while (!done || after < total) {
            const page = (await api.get(`/v2/log?after=${after}&limit=1000`)).body as LogResponse;
            for (const entry of page.entries) seen.push(entry.seq);
            after = page.entries.at(-1)?.seq ?? after;
            expect(page.head).toBeGreaterThanOrEqual(after);
          }
        })();
        await Promise.all(
          Array.from({ length: devices }, async (_, device) => {
            for (let push = 0; push < pushesEach; push++) {
              const answer = await api.push(requestsOf(`device-${device}`, 5, push * 5 + 1));
              expect(answer.status).toBe(200);
            }
          }),
        );
        done = true;
        await reader;
        expect(seen).toEqual(Array.from({ length: total }, (_, index) => index + 1));
      });
    });

    describe('events', () => {
      it('given a subscriber, then it gets the head on connect and each new head after a push', async () => {
        const token = await server.vault();
        const api = requestClient(server.url, token);
        await api.push(requestsOf('phone', 2));
        const events = await openHeadEvents(server.url, token);
        try {
          expect(events.status).toBe(200);
          expect(events.contentType).toMatch(/^text\/event-stream/);
          await events.reach(2);
          await api.push(requestsOf('laptop', 3));
          await events.reach(5);
          await api.push(requestsOf('laptop', 3)); // a re-send: no new head
          await api.push(requestsOf('phone', 1, 3));
          await events.reach(6);
          expect(events.heads).toEqual([2, 5, 6]);
        } finally {
          events.close();
        }
      });

      it('given an idle stream, then heartbeat comments keep coming', async () => {
        const token = await server.vault();
        const events = await openHeadEvents(server.url, token);
        try {
          await events.reach(0);
          await events.heartbeats(2, 3_000);
          expect(events.heads).toEqual([0]);
        } finally {
          events.close();
        }
      });

      it("given two vaults' subscribers, then each hears only its own vault", async () => {
        const tokenA = await server.vault();
        const tokenB = await server.vault();
        const [a, b] = await Promise.all([openHeadEvents(server.url, tokenA), openHeadEvents(server.url, tokenB)]);
        try {
          await Promise.all([a.reach(0), b.reach(0)]);
          await requestClient(server.url, tokenA).push(requestsOf('phone', 4));
          await a.reach(4);
          await requestClient(server.url, tokenB).push(requestsOf('phone', 1));
          await b.reach(1);
          expect(a.heads).toEqual([0, 4]);
          expect(b.heads).toEqual([0, 1]);
        } finally {
          a.close();
          b.close();
        }
      });

      it('given subscribers that leave, then their subscriptions end and nothing is logged as a failure', async () => {
        const token = await server.vault();
        // The streams of the tests before were closed too; their subscriptions end as soon as the server sees it.
        await eventually(() => heads.size === 0, 5_000);
        const streams = await Promise.all(Array.from({ length: 10 }, () => openHeadEvents(server.url, token)));
        await Promise.all(streams.map((events) => events.reach(0)));
        expect(heads.size).toBe(10);
        for (const events of streams) events.close();
        await eventually(() => heads.size === 0, 5_000);
        await requestClient(server.url, token).push(requestsOf('phone', 1));
        expect(logs.filter((line) => /"status":5\d\d|unhandled/.test(line))).toEqual([]);
      });
    });

    describe('privacy', () => {
      it('given pushes of encrypted requests, then no table and no log line holds their plaintext, and each ciphertext is stored once, as sent', async () => {
        const token = await server.vault();
        const api = requestClient(server.url, token);
        const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
        const plaintexts = [
          { kind: 'deposit', accountId: 'account-alice-7f3e', amount: 123_456 },
          { kind: 'transfer', accountId: 'account-bob-91c2', creditId: 'account-carol-05aa', amount: 98_765 },
        ];
        const requests = await Promise.all(
          plaintexts.map(async (plaintext, index) => {
            const iv = crypto.getRandomValues(new Uint8Array(12));
            const bytes = new TextEncoder().encode(JSON.stringify(plaintext));
            const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes));
            const envelope = {
              v: 1 as const,
              iv: Buffer.from(iv).toString('base64url'),
              ciphertext: Buffer.from(ciphertext).toString('base64url'),
            };
            return { position: index + 1, envelope };
          }),
        );
        expect((await api.push({ deviceId: 'privacy-phone', requests })).status).toBe(200);
        await api.get('/v2/log');

        const dump = await dumpTables(opened);
        const everything = `${dump}\n${logs.join('\n')}`;
        for (const secret of [
          'account-alice',
          'account-bob',
          'account-carol',
          '123456',
          '98765',
          'deposit',
          'transfer',
        ]) {
          expect(everything).not.toContain(secret);
        }
        for (const { envelope } of requests) {
          expect(occurrences(dump, envelope.ciphertext)).toBe(1);
          expect(logs.join('\n')).not.toContain(envelope.ciphertext);
          expect(logs.join('\n')).not.toContain(envelope.iv);
        }
        expect(logs.join('\n')).not.toContain(token.split('.')[1]);
        const [stored] = await opened.sql.query<{ ciphertext: string }>(
          'SELECT ciphertext FROM requests WHERE device_id = $1 AND position = 1',
          ['privacy-phone'],
        );
        expect(stored?.ciphertext).toBe(requests[0]?.envelope.ciphertext);
      });
    });
  });
}

/** Every row of every table of the public schema, as text. */
async function dumpTables(opened: TestServerStorage): Promise<string> {
  const tables = await opened.sql.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(['requests', 'vaults']));
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await opened.sql.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table_name} t`);
    parts.push(...rows.map((row) => row.row));
  }
  return parts.join('\n');
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** A fuzzed input: a push body or a log query string. */
type HostileInput = { readonly kind: 'push'; readonly body: string } | { readonly kind: 'log'; readonly query: string };

/**
 * What an attacker or a broken client might send: random JSON, valid pushes with one field replaced by any JSON
 * value, valid pushes with bytes flipped, raw text, and query strings of random and edge values.
 */
function hostileInput(): fc.Arbitrary<HostileInput> {
  const valid = requestsOf('phone', 2, 3);
  const field = fc.constantFrom('deviceId', 'requests', 'position', 'envelope', 'v', 'iv', 'ciphertext', 'extra');
  const mangled = fc.tuple(field, fc.jsonValue()).map(([key, value]) => {
    const copy = structuredClone(valid) as unknown as Record<string, unknown>;
    const requests = copy.requests as Record<string, unknown>[];
    if (key === 'deviceId' || key === 'requests' || key === 'extra') copy[key] = value;
    else if (key === 'position' || key === 'envelope') for (const request of requests) request[key] = value;
    else for (const request of requests) (request.envelope as Record<string, unknown>)[key] = value;
    return JSON.stringify(copy);
  });
  const flipped = fc.tuple(fc.nat(), fc.integer({ min: 32, max: 126 })).map(([at, code]) => {
    const text = JSON.stringify(valid);
    const index = at % text.length;
    return `${text.slice(0, index)}${String.fromCharCode(code)}${text.slice(index + 1)}`;
  });
  const integer = fc.oneof(
    fc.constantFrom(
      '0',
      '1',
      '-1',
      '1.5',
      '1e3',
      '',
      ' 1',
      '9007199254740991',
      '9007199254740992',
      '99999999999999999999',
    ),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
    fc.string({ maxLength: 12 }),
  );
  const query = fc
    .tuple(
      fc.option(integer),
      fc.option(integer),
      fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))),
    )
    .map(([after, limit, extra]) => {
      const parts: string[] = [];
      if (after !== null) parts.push(`after=${encodeURIComponent(after)}`);
      if (limit !== null) parts.push(`limit=${encodeURIComponent(limit)}`);
      if (extra !== null) parts.push(`${encodeURIComponent(extra[0])}=${encodeURIComponent(extra[1])}`);
      return parts.join('&');
    });
  return fc.oneof(
    fc.jsonValue().map((value): HostileInput => ({ kind: 'push', body: JSON.stringify(value) })),
    mangled.map((body): HostileInput => ({ kind: 'push', body })),
    flipped.map((body): HostileInput => ({ kind: 'push', body })),
    fc.string({ unit: 'binary', maxLength: 200 }).map((body): HostileInput => ({ kind: 'push', body })),
    query.map((text): HostileInput => ({ kind: 'log', query: text })),
  );
}
