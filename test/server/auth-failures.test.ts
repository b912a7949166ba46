import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_LIMIT, RateLimiter, type SyncStorage } from '../../server';
import { requestClient, requestsOf, type Answer } from './fixtures/request-wire';
import { pgliteServerStorage, type TestServerStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

const FORGED = 6_000;

describe('Sync server › failed authentication', () => {
  let server: TestServer;
  let opened: TestServerStorage;
  let lookups = 0;
  let clock = 0;

  beforeAll(async () => {
    opened = await pgliteServerStorage();
    server = await startTestServer({
      storage: countingLookups(opened.storage, () => lookups++),
      requests: opened.requests,
      failureLimiter: new RateLimiter(DEFAULT_FAILURE_LIMIT, { now: () => clock }),
    });
  });
  afterAll(async () => {
    await server.close();
    await opened.close();
  });

  it('given tokens not of the tokens’ shape, then 401 without a database lookup', async () => {
    const before = lookups;
    for (const token of [
      'hunter2',
      'a.b',
      `${randomUUID()}.short`,
      `${randomUUID().toUpperCase()}.${'A'.repeat(43)}`,
    ]) {
      expect((await requestClient(server.url, token).get('/v2/log')).status).toBe(401);
    }
    expect(lookups).toBe(before);
  });

  it('given 6,000 forged tokens from one address, then 429 with Retry-After after about 20 failures, and the database sees no more', async () => {
    clock += 3_600_000;
    const device = requestClient(server.url, await server.vault());
    // A device of this address, verified before the guessing starts.
    expect((await device.push(requestsOf('phone', 1))).status).toBe(200);
    const before = lookups;
    const statuses = new Map<number, number>();
    let firstLimited: Answer | undefined;
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < FORGED) {
          next++;
          const answer = await requestClient(
            server.url,
            `${randomUUID()}.${randomBytes(32).toString('base64url')}`,
          ).push(requestsOf('thief', 1));
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 429) firstLimited ??= answer;
        }
      }),
    );
    console.log(
      `forged tokens: ${FORGED} sent, ${statuses.get(401) ?? 0} × 401, ${statuses.get(429) ?? 0} × 429, ` +
        `${lookups - before} database lookups`,
    );
    expect(statuses.get(401)).toBe(DEFAULT_FAILURE_LIMIT.burst);
    expect(statuses.get(429)).toBe(FORGED - DEFAULT_FAILURE_LIMIT.burst);
    expect(lookups - before).toBe(DEFAULT_FAILURE_LIMIT.burst);
    expect(firstLimited?.body).toMatchObject({ error: 'rate-limited', message: expect.any(String) as string });
    expect(Number(firstLimited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Meanwhile the device already verified keeps working; a token never seen waits like the guesses.
    expect((await device.push(requestsOf('phone', 1, 2))).status).toBe(200);
    const newcomer = requestClient(server.url, await server.vault());
    expect((await newcomer.get('/v2/log')).status).toBe(429);

    // A minute later the address may try again.
    clock += 60_000;
    expect((await newcomer.get('/v2/log')).status).toBe(200);
  });

  it('given missing tokens, then they count as failures too', async () => {
    clock += 3_600_000;
    const anonymous = requestClient(server.url, undefined);
    const statuses: number[] = [];
    for (let index = 0; index < DEFAULT_FAILURE_LIMIT.burst + 2; index++)
      statuses.push((await anonymous.get('/v2/log')).status);
    expect(statuses.slice(0, DEFAULT_FAILURE_LIMIT.burst).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(DEFAULT_FAILURE_LIMIT.burst)).toEqual([429, 429]);
  });
});

/** The storage, counting each vault lookup (what a forged token costs the database). */
function countingLookups(storage: SyncStorage, counted: () => void): SyncStorage {
  return {
    kind: storage.kind,
    insertVault: (vault) => storage.insertVault(vault),
    findVault: (id) => {
      counted();
      return storage.findVault(id);
    },
    countVaults: () => storage.countVaults(),
    close: () => storage.close(),
  };
}
