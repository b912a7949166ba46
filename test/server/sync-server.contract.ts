import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, type SyncStorage } from '../../server';
import { PROTOCOL_LIMITS, type JsonData, type PullResponse, type StatusResponse } from '../../src/sync';
import { startTestServer, type TestServer } from './fixtures/test-server';
import { apiClient, pushOf, wireEvent, type Answer } from './fixtures/wire';

/**
 * The sync server contract (v1): run once per storage (PGlite, PostgreSQL) over real HTTP on 127.0.0.1.
 * `openStorage` gives a storage no other test uses.
 */
export function syncServerContract(name: string, openStorage: () => Promise<SyncStorage>): void {
  describe(`Sync server › ${name}`, () => {
    let server: TestServer;
    const logs: string[] = [];

    beforeAll(async () => {
      server = await startTestServer({
        storage: await openStorage(),
        log: (...record) => logs.push(JSON.stringify(record)),
      });
    });
    afterAll(async () => {
      await server.close();
      await server.closeStorage();
    });

    describe('push and pull', () => {
      it('given a push, when pulled, then returns its events in order with seq, device and application', async () => {
        const api = apiClient(server.url, await server.vault());
        const push = await api.push(pushOf('alice-device', 'alice', 3));
        expect(push).toMatchObject({ status: 200, body: { acknowledged: 3 } });
        const pull = await api.get('/v1/pull?after=0');
        const page = pull.body as PullResponse;
        expect(page.next).toBeNull();
        expect(page.events.map((e) => [e.seq, e.deviceId, e.application, e.position, e.originatorVersion])).toEqual([
          [1, 'alice-device', 'tallies', 1, 1],
          [2, 'alice-device', 'tallies', 2, 2],
          [3, 'alice-device', 'tallies', 3, 3],
        ]);
        expect(page.events[0]).toMatchObject({ ...wireEvent('alice', 1), seq: 1 });
      });

      it('given an event without schemaVersion, when pulled, then it has schema version 1; a given one is kept', async () => {
        const api = apiClient(server.url, await server.vault());
        const { schemaVersion: _omitted, ...old } = wireEvent('alice', 1);
        await api.push({
          deviceId: 'd',
          application: 'tallies',
          events: [old, { ...wireEvent('alice', 2), schemaVersion: 3 }],
        });
        const page = (await api.get('/v1/pull')).body as PullResponse;
        expect(page.events.map((e) => e.schemaVersion)).toEqual([1, 3]);
      });

      it('given the largest schema version its integer column holds (2^31 - 1), then it is stored and pulled', async () => {
        const api = apiClient(server.url, await server.vault());
        const event = { ...wireEvent('alice', 1), schemaVersion: 2 ** 31 - 1 };
        expect(await api.push({ deviceId: 'd', application: 'tallies', events: [event] })).toMatchObject({
          status: 200,
        });
        const page = (await api.get('/v1/pull')).body as PullResponse;
        expect(page.events.map((e) => e.schemaVersion)).toEqual([2 ** 31 - 1]);
      });

      it('given events with and without a tracking stamp, when pulled, then each comes back as it was sent', async () => {
        const api = apiClient(server.url, await server.vault());
        const tracking = { upstream: 'commands', position: 7, originatorId: 'request-7', originatorVersion: 1 };
        const stamped = { ...wireEvent('alice', 2), tracking };
        await api.push({ deviceId: 'd', application: 'sagas', events: [wireEvent('alice', 1), stamped] });
        const page = (await api.get('/v1/pull')).body as PullResponse;
        expect(page.events[0]).not.toHaveProperty('tracking');
        expect(page.events[1]?.tracking).toEqual(tracking);
        expect(await api.lastSeq()).toBe(2);
      });

      it('given a stamped event, when re-sent with another stamp then 409; without one, or one added, then 200', async () => {
        const api = apiClient(server.url, await server.vault());
        const tracking = { upstream: 'commands', position: 7, originatorId: 'request-7', originatorVersion: 1 };
        const plain = wireEvent('alice', 1);
        const stamped = { ...wireEvent('alice', 2), tracking };
        await api.push({ deviceId: 'd', application: 'sagas', events: [plain, stamped] });
        const moved = { ...stamped, tracking: { ...tracking, position: 8 } };
        expect(await api.push({ deviceId: 'd', application: 'sagas', events: [moved] })).toMatchObject({
          status: 409,
          body: { error: 'position-conflict' },
        });
        // Across an upgrade a re-send may lack the stamp the stored copy has, or carry one it lacks.
        const { tracking: _dropped, ...unstamped } = stamped;
        expect(
          await api.push({ deviceId: 'd', application: 'sagas', events: [{ ...plain, tracking }, unstamped] }),
        ).toMatchObject({ status: 200, body: { acknowledged: 2 } });
        expect(await api.lastSeq()).toBe(2);
        const page = (await api.get('/v1/pull')).body as PullResponse;
        expect(page.events.map((event) => event.tracking)).toEqual([undefined, tracking]);
      });

      it('given data with any keys and values, when pulled, then it comes back equal, timestamp byte for byte', async () => {
        const api = apiClient(server.url, await server.vault());
        const data = {
          z: 1,
          a: [1.5, -0.25, 'é😀', null, true, { nested: { deeper: [] } }],
          big: 9007199254740991,
          e: 1e21,
        };
        const event = { ...wireEvent('alice', 1, 1, data), timestamp: '2026-03-04T05:06:07.123456+02:00' };
        expect((await api.push({ deviceId: 'd', application: 'a', events: [event] })).status).toBe(200);
        const [pulled] = ((await api.get('/v1/pull')).body as PullResponse).events;
        expect(pulled?.data).toEqual(data);
        expect(pulled?.timestamp).toBe(event.timestamp);
      });

      it('given more events than a page, when paging with next, then every event comes once in seq order', async () => {
        const api = apiClient(server.url, await server.vault());
        await api.push(pushOf('d', 'alice', 25));
        const seen: number[] = [];
        for (let after: number | null = 0; after !== null;) {
          const page = (await api.get(`/v1/pull?after=${after}&limit=10`)).body as PullResponse;
          seen.push(...page.events.map((e) => e.seq));
          after = page.next;
        }
        expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
        const empty = (await api.get('/v1/pull?after=25')).body as PullResponse;
        expect(empty).toEqual({ events: [], next: null });
      });

      it('given no limit, when pulling, then at most 100 come; a limit of 1,000 is accepted', async () => {
        const api = apiClient(server.url, await server.vault());
        await api.push(pushOf('d', 'alice', 150));
        expect(((await api.get('/v1/pull')).body as PullResponse).events).toHaveLength(
          PROTOCOL_LIMITS.defaultPullLimit,
        );
        expect(((await api.get('/v1/pull?limit=1000')).body as PullResponse).events).toHaveLength(150);
      });

      it('given exactly 1,000 events in one push, then all are accepted', async () => {
        const api = apiClient(server.url, await server.vault());
        expect(await api.push(pushOf('d', 'alice', PROTOCOL_LIMITS.maxEventsPerPush))).toMatchObject({
          status: 200,
          body: { acknowledged: 1000 },
        });
      });

      it('given pushes from two devices, when asking the status, then it lists each device and application', async () => {
        const api = apiClient(server.url, await server.vault('status-vault'));
        await api.push(pushOf('phone', 'alice', 2));
        await api.push(pushOf('laptop', 'bob', 3, 1, 'ledger'));
        const status = (await api.get('/v1/status')).body as StatusResponse;
        expect(status).toEqual({
          vault: 'status-vault',
          lastSeq: 5,
          streams: [
            { deviceId: 'laptop', application: 'ledger', acknowledged: 3, events: 3 },
            { deviceId: 'phone', application: 'tallies', acknowledged: 2, events: 2 },
          ],
        });
      });

      it('given another origin, then preflights pass and every answer, errors included, allows it', async () => {
        const preflight = await fetch(`${server.url}/v1/push`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://bank.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
        expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
        const refused = await fetch(`${server.url}/v1/status`, { headers: { origin: 'https://bank.example' } });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('access-control-allow-origin')).toBe('*');
        expect(refused.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
      });

      it('answers /healthz with 200', async () => {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      });
    });

    describe('idempotence', () => {
      it('given stored positions, when re-sent with equal content in another key order, then 200 and nothing new', async () => {
        const api = apiClient(server.url, await server.vault());
        const push = pushOf('d', 'alice', 3);
        await api.push(push);
        const reordered = {
          events: push.events.map((event) => Object.fromEntries(Object.entries(event).reverse())),
          application: push.application,
          deviceId: push.deviceId,
        };
        expect(await api.push(reordered)).toMatchObject({ status: 200, body: { acknowledged: 3 } });
        expect(await api.lastSeq()).toBe(3);
      });

      it('given stored positions, when a push overlaps them and adds new ones, then only the new ones are stored', async () => {
        const api = apiClient(server.url, await server.vault());
        await api.push(pushOf('d', 'alice', 3));
        expect(await api.push(pushOf('d', 'alice', 4, 2))).toMatchObject({ status: 200, body: { acknowledged: 5 } });
        const page = (await api.get('/v1/pull')).body as PullResponse;
        expect(page.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
      });

      it('given an empty push, then it answers what the server holds', async () => {
        const api = apiClient(server.url, await server.vault());
        await api.push(pushOf('d', 'alice', 2));
        expect(await api.push({ deviceId: 'd', application: 'tallies', events: [] })).toMatchObject({
          status: 200,
          body: { acknowledged: 2 },
        });
      });
    });

    describe('isolation', () => {
      it('given two vaults with equal aggregate ids, then neither sees nor blocks the other', async () => {
        const first = apiClient(server.url, await server.vault());
        const second = apiClient(server.url, await server.vault());
        expect((await first.push(pushOf('d', 'alice', 2))).status).toBe(200);
        expect((await second.push(pushOf('d', 'alice', 3))).status).toBe(200);
        const firstEvents = ((await first.get('/v1/pull')).body as PullResponse).events;
        const secondEvents = ((await second.get('/v1/pull')).body as PullResponse).events;
        expect(firstEvents.map((e) => e.seq)).toEqual([1, 2]);
        expect(secondEvents.map((e) => e.seq)).toEqual([1, 2, 3]);
        expect(((await first.get('/v1/status')).body as StatusResponse).streams).toEqual([
          { deviceId: 'd', application: 'tallies', acknowledged: 2, events: 2 },
        ]);
      });

      it("given a vault's token, when pulling another vault's seq range, then only its own events come", async () => {
        const first = apiClient(server.url, await server.vault());
        const second = apiClient(server.url, await server.vault());
        await first.push(pushOf('d', 'alice', 5));
        expect(((await second.get('/v1/pull?after=0')).body as PullResponse).events).toEqual([]);
      });
    });

    describe('bad input', () => {
      let api: ReturnType<typeof apiClient>;
      let token: string;
      const base = wireEvent('alice', 1);
      const push = (event: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        deviceId: 'phone',
        application: 'tallies',
        events: [event],
        ...extra,
      });

      beforeAll(async () => {
        token = await server.vault();
        api = apiClient(server.url, token);
        await api.push({ deviceId: 'phone', application: 'tallies', events: [base] });
      });

      const table: readonly (readonly [string, () => Promise<Answer>, number, string])[] = [
        ['no token', () => apiClient(server.url, undefined).push(push(wireEvent('bob', 1))), 401, 'unauthorized'],
        [
          'a wrong token',
          () => apiClient(server.url, `${token.slice(0, -4)}AAAA`).push(push(wireEvent('bob', 1))),
          401,
          'unauthorized',
        ],
        [
          'a token of no vault',
          () =>
            apiClient(server.url, `00000000-0000-0000-0000-000000000000.${'A'.repeat(43)}`).push(
              push(wireEvent('bob', 1)),
            ),
          401,
          'unauthorized',
        ],
        [
          'a token of another shape',
          () => apiClient(server.url, 'hunter2').push(push(wireEvent('bob', 1))),
          401,
          'unauthorized',
        ],
        ['malformed JSON', () => api.pushRaw('{"deviceId": "phone", '), 400, 'invalid-json'],
        ['a body that is not UTF-8', () => api.pushRaw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 400, 'invalid-json'],
        ['a JSON array as body', () => api.push([push(wireEvent('bob', 1))]), 400, 'invalid-request'],
        [
          'a missing deviceId',
          () => api.push({ application: 'tallies', events: [wireEvent('bob', 1)] }),
          400,
          'invalid-request',
        ],
        ['an empty deviceId', () => api.push(push(wireEvent('bob', 1), { deviceId: '' })), 400, 'invalid-request'],
        [
          'a mistyped application',
          () => api.push(push(wireEvent('bob', 1), { application: 7 })),
          400,
          'invalid-request',
        ],
        [
          'events that are not a list',
          () => api.push({ deviceId: 'phone', application: 'tallies', events: {} }),
          400,
          'invalid-request',
        ],
        [
          'an event without originatorId',
          () => api.push(push({ ...wireEvent('bob', 1), originatorId: undefined })),
          400,
          'invalid-request',
        ],
        ['position 0', () => api.push(push(wireEvent('bob', 1, 0))), 400, 'invalid-request'],
        ['a negative position', () => api.push(push(wireEvent('bob', 1, -3))), 400, 'invalid-request'],
        ['a fractional position', () => api.push(push(wireEvent('bob', 1, 1.5))), 400, 'invalid-request'],
        [
          'a position as a string',
          () => api.push(push({ ...wireEvent('bob', 1), position: '2' })),
          400,
          'invalid-request',
        ],
        ['an unsafe integer position', () => api.push(push(wireEvent('bob', 1, 2 ** 53))), 400, 'invalid-request'],
        ['version 0', () => api.push(push(wireEvent('bob', 0, 2))), 400, 'invalid-request'],
        ['a negative version', () => api.push(push(wireEvent('bob', -1, 2))), 400, 'invalid-request'],
        ['a fractional version', () => api.push(push(wireEvent('bob', 1.25, 2))), 400, 'invalid-request'],
        [
          'schema version 0',
          () => api.push(push({ ...wireEvent('bob', 1, 2), schemaVersion: 0 })),
          400,
          'invalid-request',
        ],
        [
          'a schema version of 2^31, beyond its integer column',
          () => api.push(push({ ...wireEvent('bob', 1, 2), schemaVersion: 2 ** 31 })),
          400,
          'invalid-request',
        ],
        [
          'a timestamp that is not ISO 8601',
          () => api.push(push({ ...wireEvent('bob', 1, 2), timestamp: 'yesterday' })),
          400,
          'invalid-request',
        ],
        ['data that is a list', () => api.push(push({ ...wireEvent('bob', 1, 2), data: [1] })), 400, 'invalid-request'],
        ['data that is null', () => api.push(push({ ...wireEvent('bob', 1, 2), data: null })), 400, 'invalid-request'],
        [
          'data with a NUL character',
          () => api.push(push(wireEvent('bob', 1, 2, { name: 'a\u0000b' }))),
          400,
          'invalid-request',
        ],
        [
          'data with a lone surrogate',
          () => api.pushRaw(JSON.stringify(push(wireEvent('bob', 1, 2))).replace('"amount"', '"\\ud800"')),
          400,
          'invalid-request',
        ],
        [
          'data nested 40 deep',
          () => api.push(push(wireEvent('bob', 1, 2, { deep: nested(40) }))),
          400,
          'invalid-request',
        ],
        [
          'positions out of order',
          () =>
            api.push({
              deviceId: 'phone',
              application: 'tallies',
              events: [wireEvent('bob', 1, 3), wireEvent('bob', 2, 2)],
            }),
          400,
          'invalid-request',
        ],
        [
          'a body over 1 MiB',
          () => api.push(push(wireEvent('bob', 1, 2, { padding: 'x'.repeat(PROTOCOL_LIMITS.maxBodyBytes) }))),
          413,
          'body-too-large',
        ],
        [
          '1,001 events in one push',
          () => api.push(pushOf('phone', 'bob', PROTOCOL_LIMITS.maxEventsPerPush + 1, 1)),
          413,
          'too-many-events',
        ],
        [
          'a stored position re-sent with other content',
          () => api.push(push({ ...base, data: { amount: 2 } })),
          409,
          'position-conflict',
        ],
        [
          'a tracking stamp at position 0',
          () =>
            api.push(
              push({
                ...wireEvent('bob', 1, 2),
                tracking: { upstream: 'commands', position: 0, originatorId: 'r', originatorVersion: 1 },
              }),
            ),
          400,
          'invalid-request',
        ],
        [
          'a tracking stamp without the aggregate it names',
          () => api.push(push({ ...wireEvent('bob', 1, 2), tracking: { upstream: 'commands', position: 3 } })),
          400,
          'invalid-request',
        ],
        [
          'a tracking stamp without its upstream',
          () =>
            api.push(
              push({ ...wireEvent('bob', 1, 2), tracking: { position: 3, originatorId: 'r', originatorVersion: 1 } }),
            ),
          400,
          'invalid-request',
        ],
        [
          'a tracking stamp that is a number',
          () => api.push(push({ ...wireEvent('bob', 1, 2), tracking: 3 })),
          400,
          'invalid-request',
        ],
        [
          'another device writing a stored aggregate version',
          () =>
            api.push(
              push(wireEvent('bob', 1, 1), {
                deviceId: 'laptop',
                events: [wireEvent('bob', 1, 1), wireEvent('alice', 1, 2)],
              }),
            ),
          409,
          'version-conflict',
        ],
        [
          'the same version twice in one push',
          () =>
            api.push({
              deviceId: 'phone',
              application: 'tallies',
              events: [wireEvent('bob', 1, 2), wireEvent('bob', 1, 3)],
            }),
          409,
          'version-conflict',
        ],
        ['a pull after -1', () => api.get('/v1/pull?after=-1'), 400, 'invalid-request'],
        ['a pull after 1.5', () => api.get('/v1/pull?after=1.5'), 400, 'invalid-request'],
        ['a pull after a word', () => api.get('/v1/pull?after=abc'), 400, 'invalid-request'],
        ['a pull with limit 0', () => api.get('/v1/pull?limit=0'), 400, 'invalid-request'],
        ['a pull with limit 1,001', () => api.get('/v1/pull?limit=1001'), 400, 'invalid-request'],
        ['a pull with a broken escape', () => api.get('/v1/pull?after=%ZZ'), 400, 'invalid-request'],
        ['an unknown API path', () => api.get('/v1/nothing'), 404, 'not-found'],
        ['GET on push', () => api.get('/v1/push'), 405, 'method-not-allowed'],
      ];

      for (const [description, send, status, code] of table) {
        it(`given ${description}, then ${status} ${code} as JSON, and nothing is stored`, async () => {
          const before = await api.lastSeq();
          const answer = await send();
          expect(answer.status).toBe(status);
          expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
          expect(answer.body).toMatchObject({ error: code, message: expect.any(String) as string });
          expect(await api.lastSeq()).toBe(before);
        });
      }

      it('given a 413 for a body over the limit, then the next request on the same connection is answered', async () => {
        for (let round = 0; round < 3; round++) {
          const tooBig = await api.push(push(wireEvent('bob', 1, 2, { padding: 'x'.repeat(1_100_000) })));
          expect(tooBig.status).toBe(413);
          expect((await api.get('/v1/status')).status).toBe(200);
        }
      });

      it('given a body too big even to drain, then 413 as JSON with Connection: close, and the next request is answered', async () => {
        const before = await api.lastSeq();
        const answer = await api.pushRaw('x'.repeat(17 * 1_048_576));
        expect(answer.status).toBe(413);
        expect(answer.headers.get('connection')).toBe('close');
        expect(answer.body).toMatchObject({ error: 'body-too-large' });
        expect(await api.lastSeq()).toBe(before);
      });

      it('given a 401 to a push with a body, then the next request on the same connection is answered', async () => {
        for (let round = 0; round < 3; round++) {
          const refused = await apiClient(server.url, 'wrong').push(pushOf('d', 'x', 500));
          expect(refused.status).toBe(401);
          expect((await api.get('/v1/status')).status).toBe(200);
        }
      });

      it('given a conflict, then its details name the aggregate, the version and the device holding it', async () => {
        const answer = await api.push(push(wireEvent('alice', 1, 7), { deviceId: 'laptop' }));
        expect(answer.body).toMatchObject({
          error: 'version-conflict',
          details: { application: 'tallies', originatorId: 'alice', originatorVersion: 1, storedByDevice: 'phone' },
        });
      });
    });

    describe('fuzz', () => {
      it('given random payloads (seeded), then never a 5xx, always JSON, and a refused one stores nothing', async () => {
        const api = apiClient(server.url, await server.vault());
        await api.push(pushOf('phone', 'alice', 2));
        const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
        console.log(`sync server fuzz (${name}): seed ${seed} (FUZZ_SEED=${seed} repeats it)`);
        await fc.assert(
          fc.asyncProperty(hostilePayload(), async (body) => {
            const before = await api.lastSeq();
            const answer = await api.pushRaw(body);
            expect(answer.status).toBeLessThan(500);
            expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
            if (answer.status !== 200) {
              expect(answer.body).toMatchObject({ error: expect.any(String) as string });
              expect(await api.lastSeq()).toBe(before);
            }
          }),
          { seed, numRuns: 150 },
        );
      });
    });

    describe('rate limit', () => {
      it('given more requests than the limit, then 429 as JSON with Retry-After, and nothing is stored', async () => {
        const limited = await startTestServer({
          storage: server.storage,
          rateLimiter: new RateLimiter({ burst: 3, perSecond: 0.5 }),
        });
        try {
          const token = await limited.vault();
          const api = apiClient(limited.url, token);
          const answers: Answer[] = [];
          for (let index = 0; index < 4; index++) answers.push(await api.push(pushOf('d', 'alice', 1, index + 1)));
          expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
          const refused = answers[3];
          expect(refused?.body).toMatchObject({ error: 'rate-limited', message: expect.any(String) as string });
          expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          const other = apiClient(server.url, token);
          expect(await other.lastSeq()).toBe(3);
        } finally {
          await limited.close();
        }
      });
    });

    describe('concurrent pushes', () => {
      it('given devices pushing at once while a reader pages, then seq has no gap and the reader skips nothing', async () => {
        const token = await server.vault();
        const api = apiClient(server.url, token);
        const devices = 6;
        const pushesEach = 10;
        const seen: number[] = [];
        let done = false;
        const reader = (async () => {
          let after = 0;
          while (!done || after < devices * pushesEach * 5) {
            const page = (await api.get(`/v1/pull?after=${after}&limit=1000`)).body as PullResponse;
            for (const event of page.events) seen.push(event.seq);
            after = page.events.at(-1)?.seq ?? after;
          }
        })();
        await Promise.all(
          Array.from({ length: devices }, async (_, device) => {
            for (let push = 0; push < pushesEach; push++) {
              const answer = await api.push(pushOf(`device-${device}`, `aggregate-${device}`, 5, push * 5 + 1));
              expect(answer.status).toBe(200);
            }
          }),
        );
        done = true;
        await reader;
        expect(seen).toEqual(Array.from({ length: devices * pushesEach * 5 }, (_, i) => i + 1));
      });
    });

    describe('logs', () => {
      it('given requests with tokens and data, then the logs carry neither', async () => {
        const token = await server.vault();
        await apiClient(server.url, token).push(pushOf('d', 'secret-aggregate-id', 1));
        await apiClient(server.url, `${token}x`).get('/v1/status');
        const all = logs.join('\n');
        expect(all).toContain('/v1/push');
        expect(all).not.toContain(token.split('.')[1]);
        expect(all).not.toContain('secret-aggregate-id');
        expect(all).not.toContain('TallyStarted');
      });
    });
  });
}

function nested(depth: number): JsonData {
  let value: JsonData = 0;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** Bodies an attacker or a broken client might send: random JSON, valid pushes with one field mangled, raw text. */
function hostilePayload(): fc.Arbitrary<string> {
  const valid = pushOf('phone', 'alice', 2, 3);
  const field = fc.constantFrom(
    'deviceId',
    'application',
    'events',
    'position',
    'originatorId',
    'originatorVersion',
    'type',
    'schemaVersion',
    'timestamp',
    'data',
  );
  const mangled = fc.tuple(field, fc.jsonValue()).map(([key, value]) => {
    const copy = structuredClone(valid) as unknown as Record<string, unknown>;
    const events = copy.events as Record<string, unknown>[];
    if (key in copy) copy[key] = value;
    else for (const event of events) event[key] = value;
    return JSON.stringify(copy);
  });
  return fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    mangled,
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.anything().map((value) => JSON.stringify({ deviceId: 'phone', application: 'tallies', events: [value] }) ?? ''),
  );
}
