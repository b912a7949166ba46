import { BehaviorSubject, filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Application, memoryPersistence } from '../../src/eventsourcing';
import { SyncConflictError, SyncHttpError, syncWhileLeader, type SyncClient, type SyncStatus } from '../../src/sync';
import { RateLimiter } from '../../server';
import { addTallies, allNotifications, device, eventually, pullAll } from './fixtures/devices';
import { droppingFetch, duplicatingFetch, seededRandom, switchableFetch } from './fixtures/faulty-fetch';
import { pgliteStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

/** Retries are fast in tests: 10 ms doubling up to 80 ms. */
const FAST_BACKOFF = { initialMs: 10, maxMs: 80 };

describe('SyncClient', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  const track = (client: SyncClient) => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer({ storage: await pgliteStorage() });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.stop()));
    await server.close();
    await server.closeStorage();
  });

  /** The server holds exactly the application's local log for this device: each event once, in order. */
  async function expectServerHolds(token: string, deviceId: string, application: Application): Promise<void> {
    const local = await allNotifications(application);
    const held = (await pullAll(server.url, token)).filter(
      (event) => event.deviceId === deviceId && event.application === application.name,
    );
    expect(held.map((event) => event.position)).toEqual(local.map((notification) => notification.id));
    expect(
      held.map(({ originatorId, originatorVersion, data }) => ({ originatorId, originatorVersion, data })),
    ).toEqual(local.map(({ originatorId, originatorVersion, data }) => ({ originatorId, originatorVersion, data })));
    const seqs = held.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }

  describe('when syncing now', () => {
    it('given events in two applications, then the server holds each once in order and nothing is pending', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      const scores = new Application({ name: 'scores', persistence: phone.persistence });
      await addTallies(tallies, ['alice', 'bob'], 30);
      await addTallies(scores, ['carol'], 5);
      const client = track(phone.client({ url: server.url, token, applications: [tallies, scores] }));
      await client.syncNow();
      await expectServerHolds(token, 'phone', tallies);
      await expectServerHolds(token, 'phone', scores);
      expect(client.status).toMatchObject({ state: 'idle', pending: 0, lastSyncedAt: expect.any(String) as string });
    });

    it('given more events than a batch, then pushes them in batches of at most the batch size', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      await addTallies(tallies, ['alice'], 25);
      const fetch = switchableFetch();
      const client = track(phone.client({ url: server.url, token, applications: [tallies], fetch, batchSize: 10 }));
      await client.syncNow();
      expect(fetch.calls).toBe(3);
      await expectServerHolds(token, 'phone', tallies);
      await client.syncNow();
      expect(fetch.calls).toBe(3);
    });

    it('given a wrong token, then rejects with a 401 SyncHttpError and shows the error', async () => {
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      await addTallies(tallies, ['alice'], 1);
      const client = track(phone.client({ url: server.url, token: 'wrong', applications: [tallies] }));
      const failure = await client.syncNow().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SyncHttpError);
      expect(failure).toMatchObject({ status: 401, errorCode: 'unauthorized', retryable: false });
      expect(client.status).toMatchObject({ state: 'error', pending: 2, error: expect.any(String) as string });
    });

    it('given events larger than the body limit allows per batch, then halves the batch until they fit', async () => {
      const small = await startTestServer({ storage: server.storage, maxBodyBytes: 4_000 });
      try {
        const token = await small.vault();
        const phone = device('phone');
        const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
        await addTallies(tallies, ['a-rather-long-tally-name-to-make-events-bigger'], 60);
        const client = track(phone.client({ url: small.url, token, applications: [tallies] }));
        await client.syncNow();
        expect((await pullAll(small.url, token)).map((event) => event.position)).toEqual(
          Array.from({ length: 61 }, (_, index) => index + 1),
        );
      } finally {
        await small.close();
      }
    });
  });

  describe('when started', () => {
    it('given new events after start, then pushes them without being asked', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      const client = track(phone.client({ url: server.url, token, applications: [tallies] }));
      client.start();
      await addTallies(tallies, ['alice'], 5);
      await eventually(async () => (await pullAll(server.url, token)).length === 6);
      await addTallies(tallies, ['bob'], 3);
      await eventually(async () => (await pullAll(server.url, token)).length === 10);
      await expectServerHolds(token, 'phone', tallies);
      await client.stop();
    });

    it('given the server unreachable, then shows offline, retries with backoff, and delivers when it is back', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      const fetch = switchableFetch();
      fetch.down = true;
      const client = track(
        phone.client({ url: server.url, token, applications: [tallies], fetch, backoff: FAST_BACKOFF }),
      );
      const statuses: SyncStatus[] = [];
      const subscription = client.status$.subscribe((status) => statuses.push(status));
      client.start();
      await addTallies(tallies, ['alice'], 4);
      await firstValueFrom(client.status$.pipe(filter((status) => status.state === 'offline')));
      expect(client.status.pending).toBe(5);
      fetch.down = false;
      await firstValueFrom(client.status$.pipe(filter((status) => status.state === 'idle' && status.pending === 0)));
      await expectServerHolds(token, 'phone', tallies);
      expect(statuses.map((status) => status.state)).toContain('syncing');
      subscription.unsubscribe();
      await client.stop();
    });

    it('given a server answering 429, then waits at least Retry-After before trying again', async () => {
      const limited = await startTestServer({
        storage: server.storage,
        rateLimiter: new RateLimiter({ burst: 1, perSecond: 1 }),
      });
      try {
        const token = await limited.vault();
        const phone = device('phone');
        const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
        await addTallies(tallies, ['alice'], 3);
        const client = track(
          phone.client({ url: limited.url, token, applications: [tallies], batchSize: 1, backoff: FAST_BACKOFF }),
        );
        const started = Date.now();
        client.start();
        await eventually(async () => (await pullAll(server.url, token)).length === 3);
        // Three pushes with a bucket of one refilled once a second: at least two waits of Retry-After (1 s).
        expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
        await client.stop();
      } finally {
        await limited.close();
      }
    });

    it('given stop, then no request is made afterwards', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      const fetch = switchableFetch();
      const client = track(phone.client({ url: server.url, token, applications: [tallies], fetch }));
      client.start();
      await addTallies(tallies, ['alice'], 2);
      await eventually(() => client.status.pending === 0 && client.status.state === 'idle');
      await client.stop();
      const calls = fetch.calls;
      await addTallies(tallies, ['alice'], 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fetch.calls).toBe(calls);
    });

    it('given a leadership stream, then runs only while this tab leads', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      const client = track(phone.client({ url: server.url, token, applications: [tallies] }));
      const isLeader$ = new BehaviorSubject(false);
      const subscription = syncWhileLeader(client, isLeader$);
      await addTallies(tallies, ['alice'], 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await pullAll(server.url, token)).toHaveLength(0);
      isLeader$.next(true);
      await eventually(async () => (await pullAll(server.url, token)).length === 3);
      subscription.unsubscribe();
    });
  });

  describe('given a faulty network', () => {
    it('given every push delivered twice, then the server holds each event once, in order', async () => {
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      await addTallies(tallies, ['alice', 'bob', 'carol'], 120);
      const client = track(
        phone.client({ url: server.url, token, applications: [tallies], fetch: duplicatingFetch(), batchSize: 7 }),
      );
      client.start();
      await addTallies(tallies, ['dave'], 30);
      await eventually(async () => (await pullAll(server.url, token)).length === 154);
      await client.stop();
      await expectServerHolds(token, 'phone', tallies);
    });

    it('given requests and answers dropped at random (seeded), then the server holds each event once, in order', async () => {
      const seed = Number(process.env.DROP_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`network drops: seed ${seed} (DROP_SEED=${seed} repeats it)`);
      const token = await server.vault();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      await addTallies(tallies, ['alice', 'bob'], 100);
      const fetch = droppingFetch(seededRandom(seed), 0.4);
      const client = track(
        phone.client({
          url: server.url,
          token,
          applications: [tallies],
          fetch,
          batchSize: 9,
          backoff: FAST_BACKOFF,
          random: seededRandom(seed + 1),
        }),
      );
      client.start();
      await addTallies(tallies, ['carol'], 50);
      await eventually(async () => (await pullAll(server.url, token)).length === 153);
      await eventually(() => client.status.pending === 0 && client.status.state === 'idle');
      await client.stop();
      expect(fetch.drops).toBeGreaterThan(0);
      await expectServerHolds(token, 'phone', tallies);
    });
  });

  describe('given another device wrote the same aggregate versions', () => {
    it('then stops pushing that application only, keeps its local events, and reports the conflict', async () => {
      const token = await server.vault();
      const laptop = device('laptop');
      const laptopTallies = new Application({ name: 'tallies', persistence: laptop.persistence });
      await addTallies(laptopTallies, ['shared'], 3);
      await track(laptop.client({ url: server.url, token, applications: [laptopTallies] })).syncNow();

      const phone = device('phone');
      const phoneTallies = new Application({ name: 'tallies', persistence: phone.persistence });
      const phoneScores = new Application({ name: 'scores', persistence: phone.persistence });
      await addTallies(phoneTallies, ['shared'], 2);
      await addTallies(phoneScores, ['alice'], 2);
      const client = track(phone.client({ url: server.url, token, applications: [phoneTallies, phoneScores] }));
      await client.syncNow();

      expect(client.status.state).toBe('conflict');
      expect(client.status.conflicts).toHaveLength(1);
      expect(client.status.conflicts?.[0]).toMatchObject({
        application: 'tallies',
        errorCode: 'version-conflict',
        details: { originatorId: 'shared', originatorVersion: 1, storedByDevice: 'laptop' },
      });
      expect(client.status.error).toEqual(expect.any(String));
      expect(client.status.pending).toBe(3);
      await expectServerHolds(token, 'phone', phoneScores);
      expect(await allNotifications(phoneTallies)).toHaveLength(3);
      expect((await pullAll(server.url, token)).filter((event) => event.deviceId === 'phone')).toHaveLength(3);

      // Later rounds leave the stopped application alone, and still push the others.
      await addTallies(phoneScores, ['alice'], 1);
      await client.syncNow();
      expect(client.status.state).toBe('conflict');
      await expectServerHolds(token, 'phone', phoneScores);
    });

    it('the conflict error carries the facts for code that pushes through the API itself', () => {
      const error = new SyncConflictError({
        application: 'tallies',
        errorCode: 'version-conflict',
        message: 'taken',
        details: { originatorId: 'shared' },
      });
      expect(error).toMatchObject({ code: 'conflict', retryable: false, application: 'tallies' });
    });
  });

  it('keeps working with a memory persistence shared by two applications of one name across restarts', async () => {
    const token = await server.vault();
    const persistence = memoryPersistence();
    const phone = device('phone', persistence);
    const first = new Application({ name: 'tallies', persistence });
    await addTallies(first, ['alice'], 3);
    await track(phone.client({ url: server.url, token, applications: [first] })).syncNow();
    await first.close();
    const second = new Application({ name: 'tallies', persistence });
    await addTallies(second, ['alice'], 2);
    await track(phone.client({ url: server.url, token, applications: [second] })).syncNow();
    await expectServerHolds(token, 'phone', second);
  });
});
