import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Application, memoryPersistence, SyncRunner, type Persistence } from '../../src/eventsourcing';
import { LocalStoreError, RestoreNotEmptyError, toWireEvent } from '../../src/sync';
import { Grand, Seen, tallySystem } from '../fixtures/followers';
import { fullDisk } from '../fixtures/full-disk';
import { nodePersistences } from '../fixtures/persistences';
import { Tally } from '../fixtures/tally';
import { addTallies, allNotifications, device, pullAll } from './fixtures/devices';
import { pgliteStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

const NAMES = ['alice', 'bob', 'carol'];

describe('SyncClient.restore', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ storage: await pgliteStorage() });
  });
  afterAll(async () => {
    await server.close();
    await server.closeStorage();
  });

  /** Device "phone" runs the tally system (tallies → totals → audit), saves, and pushes everything. */
  async function phoneThatPushed(token: string, persistence: Persistence) {
    const phone = device('phone', persistence);
    const parts = tallySystem(persistence);
    const runner = new SyncRunner(parts.system);
    runner.start();
    await addTallies(parts.tallies, NAMES, 40);
    await runner.settled();
    await phone
      .client({ url: server.url, token, applications: parts.system.applications, system: parts.system })
      .syncNow();
    return { ...parts, runner };
  }

  for (const [kind, persistence] of nodePersistences) {
    describe(`onto an empty ${kind} store`, () => {
      it('given a device that pushed, then a new device restores the same aggregates and follower results', async () => {
        const token = await server.vault();
        const phone = await phoneThatPushed(token, persistence());

        const laptopPersistence = persistence();
        const laptop = device('laptop', laptopPersistence);
        const restored = tallySystem(laptopPersistence);
        const client = laptop.client({
          url: server.url,
          token,
          applications: restored.system.applications,
          system: restored.system,
        });
        const result = await client.restore();
        expect(result.restored).toEqual({
          tallies: (await allNotifications(phone.tallies)).length,
          totals: (await allNotifications(phone.totals)).length,
          audit: (await allNotifications(phone.audit)).length,
        });
        expect(client.status).toMatchObject({ state: 'idle', pending: 0 });

        // The followers start where the old device's stood: nothing is processed twice.
        const runner = new SyncRunner(restored.system);
        runner.start();
        await runner.settled();
        for (const name of NAMES) {
          expect((await restored.tallies.repository.get(Tally, name)).state).toEqual(
            (await phone.tallies.repository.get(Tally, name)).state,
          );
        }
        expect((await restored.totals.repository.get(Grand, Grand.id)).state).toEqual(
          (await phone.totals.repository.get(Grand, Grand.id)).state,
        );
        expect((await restored.audit.repository.get(Seen, Seen.id)).state).toEqual(
          (await phone.audit.repository.get(Seen, Seen.id)).state,
        );
        expect(await restored.totals.recorder.maxNotificationId()).toBe(result.restored.totals);

        // The new device carries on: its new events are its own, and push without a conflict.
        await addTallies(restored.tallies, ['alice'], 3);
        await runner.settled();
        await client.syncNow();
        expect(client.status.state).toBe('idle');
        const fromLaptop = (await pullAll(server.url, token)).filter((event) => event.deviceId === 'laptop');
        expect(fromLaptop.filter((event) => event.application === 'tallies')).toHaveLength(3);
        expect((await restored.totals.repository.get(Grand, Grand.id)).state.additions).toBe(43);
        await runner.stop();
        await phone.runner.stop();
      });
    });
  }

  it('given a vault pushed by a client older than the tracking stamps, then marks followers caught up and processes nothing twice', async () => {
    const token = await server.vault();
    const phone = tallySystem(memoryPersistence());
    const phoneRunner = new SyncRunner(phone.system);
    phoneRunner.start();
    await addTallies(phone.tallies, NAMES, 12);
    await phoneRunner.settled();
    for (const application of phone.system.applications) {
      const events = (await allNotifications(application)).map(({ tracking: _stamp, ...notification }) =>
        toWireEvent(notification),
      );
      const response = await fetch(`${server.url}/v1/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: 'old-phone', application: application.name, events }),
      });
      expect(response.status).toBe(200);
    }
    const restored = tallySystem(memoryPersistence());
    await device('laptop', memoryPersistence())
      .client({ url: server.url, token, applications: restored.system.applications, system: restored.system })
      .restore();
    const runner = new SyncRunner(restored.system);
    runner.start();
    await runner.settled();
    expect((await restored.totals.repository.get(Grand, Grand.id)).state).toEqual(
      (await phone.totals.repository.get(Grand, Grand.id)).state,
    );
    expect((await restored.totals.repository.get(Grand, Grand.id)).state.additions).toBe(12);
    await runner.stop();
    await phoneRunner.stop();
  });

  it('given a disk that fills up half-way, then undoes the restore, and a second try restores everything', async () => {
    const token = await server.vault();
    const phone = await phoneThatPushed(token, memoryPersistence());
    const persistence = fullDisk(memoryPersistence(), 'audit');
    const laptop = device('laptop', persistence);
    const first = tallySystem(persistence);
    const attempt = laptop
      .client({ url: server.url, token, applications: first.system.applications, system: first.system })
      .restore();
    await expect(attempt).rejects.toBeInstanceOf(LocalStoreError);
    await expect(attempt).rejects.toThrow(/undone/);
    for (const name of ['tallies', 'totals', 'audit']) {
      expect(await persistence.recorder(name).maxNotificationId()).toBe(0);
    }
    expect(await persistence.recorder('totals').position('tallies')).toBe(0);

    persistence.full(false);
    const second = tallySystem(persistence);
    await laptop
      .client({ url: server.url, token, applications: second.system.applications, system: second.system })
      .restore();
    const runner = new SyncRunner(second.system);
    runner.start();
    await runner.settled();
    expect((await second.totals.repository.get(Grand, Grand.id)).state).toEqual(
      (await phone.totals.repository.get(Grand, Grand.id)).state,
    );
    await runner.stop();
    await phone.runner.stop();
  });

  it('given events of two devices, then restores both in the order the server stored them', async () => {
    const token = await server.vault();
    for (const [deviceId, name] of [
      ['phone', 'alice'],
      ['tablet', 'bob'],
    ] as const) {
      const source = device(deviceId);
      const tallies = new Application({ name: 'tallies', persistence: source.persistence });
      await addTallies(tallies, [name], 3);
      await source.client({ url: server.url, token, applications: [tallies] }).syncNow();
    }
    const laptop = device('laptop');
    const tallies = new Application({ name: 'tallies', persistence: laptop.persistence });
    await laptop.client({ url: server.url, token, applications: [tallies] }).restore();
    const restored = await allNotifications(tallies);
    expect(restored.map((event) => `${event.originatorId}@${event.originatorVersion}`)).toEqual([
      'alice@1',
      'alice@2',
      'alice@3',
      'alice@4',
      'bob@1',
      'bob@2',
      'bob@3',
      'bob@4',
    ]);
  });

  it('given events stored under an older schema version, then the restoring device upcasts them on read', async () => {
    const token = await server.vault();
    const phone = device('phone');
    const oldTallies = new Application({ name: 'tallies', persistence: phone.persistence });
    await addTallies(oldTallies, ['alice'], 2);
    await phone.client({ url: server.url, token, applications: [oldTallies] }).syncNow();

    const laptop = device('laptop');
    const newTallies = new Application({
      name: 'tallies',
      persistence: laptop.persistence,
      schemas: { TallyAdded: { version: 2, upcasters: { 1: (data) => ({ ...data, currency: 'EUR' }) } } },
    });
    await laptop.client({ url: server.url, token, applications: [newTallies] }).restore();
    const stored = await allNotifications(newTallies);
    expect(stored.map((event) => event.schemaVersion)).toEqual([1, 1, 1]);
    const read = await newTallies.log.select(1, 10);
    expect(read.filter((event) => event.type === 'TallyAdded').map((event) => event.data)).toEqual([
      { amount: 1, currency: 'EUR' },
      { amount: 2, currency: 'EUR' },
    ]);
  });

  it('given an application that already holds events, then refuses with RestoreNotEmptyError and changes nothing', async () => {
    const token = await server.vault();
    const phone = device('phone');
    const source = new Application({ name: 'tallies', persistence: phone.persistence });
    await addTallies(source, ['alice'], 2);
    await phone.client({ url: server.url, token, applications: [source] }).syncNow();

    const laptop = device('laptop');
    const tallies = new Application({ name: 'tallies', persistence: laptop.persistence });
    const scores = new Application({ name: 'scores', persistence: laptop.persistence });
    await addTallies(scores, ['bob'], 1);
    const failure = await laptop
      .client({ url: server.url, token, applications: [tallies, scores] })
      .restore()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RestoreNotEmptyError);
    expect(failure).toMatchObject({ code: 'restore-not-empty', applications: ['scores'] });
    expect(await allNotifications(tallies)).toEqual([]);
    expect(await allNotifications(scores)).toHaveLength(2);
  });

  it('given the server unreachable half-way, then writes nothing and reports offline', async () => {
    const token = await server.vault();
    const phone = device('phone');
    const source = new Application({ name: 'tallies', persistence: phone.persistence });
    await addTallies(source, ['alice'], 1_200);
    await phone.client({ url: server.url, token, applications: [source] }).syncNow();

    const laptop = device('laptop');
    const tallies = new Application({ name: 'tallies', persistence: laptop.persistence });
    let pages = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (++pages > 1) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const client = laptop.client({ url: server.url, token, applications: [tallies], fetch: flaky });
    await expect(client.restore()).rejects.toMatchObject({ code: 'network' });
    expect(client.status.state).toBe('offline');
    expect(await allNotifications(tallies)).toEqual([]);
  });
});
