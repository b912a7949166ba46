import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import type { BankSystem, RequestConfirmed } from '../../src/bank';
import { memoryPersistence, type StoredEvent } from '../../src/eventsourcing';
import { GENESIS_LINK, RequestApi, SyncDevice, chainLinks, sealRequest, type BankSyncStatus } from '../../src/sync';
import { interceptInserts } from '../fixtures/intercept-inserts';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { seededRandom } from './fixtures/faulty-fetch';
import { recordRandomRequest } from './fixtures/random-requests';
import { expectSameBank } from './fixtures/same-bank';
import {
  confirmedHead,
  openDevices,
  pendingCount,
  SyncedDevice,
  syncUntilQuiet,
  type SyncedBank,
} from './fixtures/synced-device';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultIdOf, vaultKeyOf, vaultLog, vaultRequests } from './fixtures/vault-requests';

/** Checkpoints every 10 entries of the vault log, so that a few dozen requests cross several. */
const INTERVAL = 10;

/**
 * Every device takes a checkpoint (a digest of its derived bank) every INTERVAL entries of the vault log and seals
 * its latest one into each request it makes; every device compares the checkpoints of the requests it derives
 * with its own. Devices that derive alike never hear of it; a device that derives differently is found out by the
 * others, and finds them out, at the first checkpoint after the difference, while sync carries on.
 */
describe('Divergence check: devices find out when they derived different banks from the same log', () => {
  const context = vaultPerTest();

  /** A device of this test's vault taking checkpoints every INTERVAL entries, on `persistence` if given. */
  function device(name: string, persistence = memoryPersistence()): SyncedDevice {
    const made = new SyncedDevice(name, context.vault, persistence);
    made.checkpointInterval = INTERVAL;
    return made;
  }

  /** The codes of every error a bank's sync status has shown since now. */
  function errorsOf(bank: SyncedBank): string[] {
    const codes: string[] = [];
    bank.sync.status$.subscribe((status) => {
      if (status.error !== undefined) codes.push(status.error.code);
    });
    return codes;
  }

  /** The id a device has in the vault. */
  async function deviceIdOf(synced: SyncedDevice): Promise<string> {
    const sync = new SyncDevice({ persistence: synced.persistence });
    try {
      const facts = await sync.device();
      if (facts === undefined) throw new TypeError(`${synced.name} has not joined`);
      return facts.deviceId;
    } finally {
      await sync.close();
    }
  }

  /** Every checkpoint a bank took, by seq. */
  async function checkpointsOf(bank: BankSystem): Promise<Record<number, string>> {
    const head = await confirmedHead(bank);
    const digests: Record<number, string> = {};
    for (let seq = INTERVAL; seq <= head; seq += INTERVAL) {
      const digest = await bank.checkpoints?.digestAt(seq);
      if (digest !== undefined) digests[seq] = digest;
    }
    return digests;
  }

  it('never reports a divergence between three devices that derive alike through many checkpoints, and each request carries its device’s latest checkpoint', async () => {
    const { devices, recoveryCode } = await openDevices(context.vault, [
      device('phone'),
      device('laptop'),
      device('tablet'),
    ]);
    context.devices.push(...devices);
    const banks = devices.map((synced) => synced.bank);
    const errors = banks.map(errorsOf);
    const [phone] = banks as [SyncedBank];
    const known: string[] = [];
    for (let index = 0; index < 4; index++) known.push(await phone.commands.openAccount({ name: `n${index}` }));
    await syncUntilQuiet(banks);
    const random = seededRandom(20261202);
    for (let round = 0; round < 8; round++) {
      for (const bank of banks) {
        for (let request = 0; request < 40; request++) await recordRandomRequest(bank.commands, known, random);
        await bank.sync.syncNow();
      }
    }
    await syncUntilQuiet(banks);

    expect(errors.flat()).toEqual([]);
    const head = await confirmedHead(phone);
    expect(head).toBeGreaterThanOrEqual(960);
    const taken = await Promise.all(banks.map(checkpointsOf));
    expect(Object.keys(taken[0] ?? {})).toHaveLength(Math.floor(head / INTERVAL));
    expect(taken[1]).toEqual(taken[0]);
    expect(taken[2]).toEqual(taken[0]);
    expectSameBank(await Promise.all(banks.map((bank) => bankSnapshot(bank))));
    // Once a device has derived a checkpoint, every request it seals carries one, never past what it had seen.
    const sealed = await vaultRequests(context.vault.url, context.vault.token, recoveryCode);
    const carried = sealed.flatMap(({ sealed: request }) => {
      const { seen } = request as { seen: { seq: number; checkpoint?: { seq: number; digest: string } } };
      return seen.checkpoint === undefined ? [] : [{ seen: seen.seq, ...seen.checkpoint }];
    });
    expect(carried.length).toBeGreaterThan(head / 2);
    for (const checkpoint of carried) {
      expect(checkpoint.seq).toBeLessThanOrEqual(checkpoint.seen);
      expect(checkpoint.digest).toBe(taken[0]?.[checkpoint.seq]);
    }
  }, 120_000);

  it('tells both devices, each on deriving the other’s next request, that a device whose derivation differs took another checkpoint, at the first checkpoint after the difference; nothing is undone and sync carries on', async () => {
    // The laptop runs an app that reads a deposit of 7.77 as 7.78: it derives another bank from the same log.
    const altered = interceptInserts(
      memoryPersistence(),
      (name, insert) => (events, options) =>
        insert(name === 'confirmed-requests' ? events.map(misreadDeposit) : events, options),
    );
    const { devices } = await openDevices(context.vault, [device('phone'), device('laptop', altered)]);
    context.devices.push(...devices);
    const [phoneDevice, laptopDevice] = devices as [SyncedDevice, SyncedDevice];
    const [phone, laptop] = [phoneDevice.bank, laptopDevice.bank];
    const [phoneErrors, laptopErrors] = [errorsOf(phone), errorsOf(laptop)];
    const alice = await phone.commands.openAccount({ name: 'Alice' });
    await phone.commands.depositFunds(alice, 1_000);
    await syncUntilQuiet([phone, laptop]);
    await phone.commands.depositFunds(alice, 777);
    // Up to the first checkpoint (entry 10), made by the phone, derived by both.
    let cents = 0;
    while ((await confirmedHead(phone)) < INTERVAL) {
      await phone.commands.depositFunds(alice, 1);
      cents++;
      await phone.sync.syncNow();
    }
    await syncUntilQuiet([phone, laptop]);
    expect(await confirmedHead(laptop)).toBe(INTERVAL);
    expect(await phone.accounts.getBalance(alice)).toBe(1_000 + 777 + cents);
    expect(await laptop.accounts.getBalance(alice)).toBe(1_000 + 778 + cents);
    // No request carried a checkpoint at 10 yet: neither can tell.
    expect([...phoneErrors, ...laptopErrors]).toEqual([]);
    const [phoneCheckpoint, laptopCheckpoint] = await Promise.all([
      phone.checkpoints?.digestAt(INTERVAL),
      laptop.checkpoints?.digestAt(INTERVAL),
    ]);
    expect(phoneCheckpoint).toBeDefined();
    expect(laptopCheckpoint).toBeDefined();
    expect(laptopCheckpoint).not.toBe(phoneCheckpoint);
    const [phoneId, laptopId] = await Promise.all([deviceIdOf(phoneDevice), deviceIdOf(laptopDevice)]);

    // The laptop's next request carries its checkpoint at 10: the phone finds out on deriving it.
    const fromLaptop = await laptop.commands.withdrawFunds(alice, 100);
    await laptop.sync.syncNow();
    const phoneBefore = await bankSnapshot(phone);
    await expect(phone.sync.syncNow()).rejects.toMatchObject({
      code: 'diverged',
      seq: INTERVAL,
      deviceId: laptopId,
    });
    // Nothing was undone: the laptop's request was decided as usual, and the phone's bank only moved on.
    expect((await phone.sagas.getSaga(fromLaptop)).status).toBe('succeeded');
    expect(await phone.accounts.getBalance(alice)).toBe(1_000 + 777 + cents - 100);
    expect((await bankSnapshot(phone)).accounts.length).toBe(phoneBefore.accounts.length);
    const phoneStatus = await firstValueFrom(phone.sync.status$);
    expect(phoneStatus).toMatchObject({ state: 'error', error: { code: 'diverged' }, pending: 0 });
    expect(phoneStatus.error?.message).toContain(`entry ${INTERVAL}`);
    expect(phoneStatus.error?.message).toContain(laptopId);
    expect(phoneStatus.error?.message).not.toContain(phoneCheckpoint);
    expect(await phone.checkpoints?.divergences()).toEqual([
      { seq: INTERVAL, deviceId: laptopId, requestSeq: INTERVAL + 1 },
    ]);
    // The laptop cannot tell yet: nothing the phone made since carries a checkpoint.
    expect(laptopErrors).toEqual([]);

    // The phone carries on syncing: its next request, carrying its checkpoint at 10, reaches the laptop, which
    // finds out in turn.
    const fromPhone = await phone.commands.depositFunds(alice, 5);
    await expect(phone.sync.syncNow()).rejects.toMatchObject({ code: 'diverged' });
    expect(await pendingCount(phone)).toBe(0);
    await expect(laptop.sync.syncNow()).rejects.toMatchObject({ code: 'diverged', seq: INTERVAL, deviceId: phoneId });
    expect((await laptop.sagas.getSaga(fromPhone)).status).toBe('succeeded');
    expect(laptopErrors).toContain('diverged');
    expect(phoneErrors).toContain('diverged');

    // Both still push and pull; the warning stays, after a restart too, which reads it from the stores.
    const later = await laptop.commands.depositFunds(alice, 3);
    await expect(laptop.sync.syncNow()).rejects.toMatchObject({ code: 'diverged' });
    await expect(phone.sync.syncNow()).rejects.toMatchObject({ code: 'diverged' });
    expect((await phone.sagas.getSaga(later)).status).toBe('succeeded');
    await phoneDevice.stop();
    const reopened = await phoneDevice.open();
    await expect(reopened.sync.syncNow()).rejects.toMatchObject({
      code: 'diverged',
      seq: INTERVAL,
      deviceId: laptopId,
    });
    expect(await firstValueFrom(reopened.sync.status$)).toMatchObject({ state: 'error', error: { code: 'diverged' } });
  }, 60_000);

  it('takes the same checkpoints on a device restarted between the commits of a batch that ends at a checkpoint', async () => {
    // While `crashing`, the laptop's accounts store fails every commit that would end at a checkpoint: the other
    // derived stores (checkpoints included) hold that batch, the accounts do not.
    let crashing = false;
    let crashes = 0;
    const crashy = interceptInserts(memoryPersistence(), (name, insert) => async (events, options) => {
      const at = options?.tracking?.notificationId;
      if (crashing && name === 'accounts' && at !== undefined && at % INTERVAL === 0) {
        crashes++;
        throw new Error(`crash before the accounts committed entry ${at}`);
      }
      return insert(events, options);
    });
    const { devices } = await openDevices(context.vault, [device('phone'), device('laptop', crashy)]);
    context.devices.push(...devices);
    const [phoneDevice, laptopDevice] = devices as [SyncedDevice, SyncedDevice];
    const phone = phoneDevice.bank;
    // Offline meanwhile, the laptop derives none of the phone's requests before it crashes.
    laptopDevice.online = false;
    const known: string[] = [];
    const random = seededRandom(7);
    while ((await confirmedHead(phone)) < 3 * INTERVAL + 4) {
      await recordRandomRequest(phone.commands, known, random);
      await phone.sync.syncNow();
    }

    crashing = true;
    laptopDevice.online = true;
    await expect(laptopDevice.bank.sync.syncNow()).rejects.toThrow(/crash before the accounts committed/);
    expect(crashes).toBeGreaterThan(0);
    const stuckAt = await laptopDevice.bank.derivation.position('confirmed-requests');
    expect(stuckAt).toBe(INTERVAL - 1);
    expect(await laptopDevice.bank.checkpoints?.digestAt(INTERVAL)).toBeDefined();
    await laptopDevice.stop();

    crashing = false;
    const laptop = await laptopDevice.open();
    await syncUntilQuiet([phone, laptop]);
    const [phoneCheckpoints, laptopCheckpoints] = await Promise.all([checkpointsOf(phone), checkpointsOf(laptop)]);
    expect(Object.keys(phoneCheckpoints)).toHaveLength(3);
    expect(laptopCheckpoints).toEqual(phoneCheckpoints);
    expect(await laptop.checkpoints?.divergences()).toEqual([]);
    expectSameBank(await Promise.all([phone, laptop].map((bank) => bankSnapshot(bank))));
  }, 60_000);

  it('accepts requests that carry no checkpoint (sealed by older code) or one it cannot read, and decides them as usual', async () => {
    const { devices, recoveryCode } = await openDevices(context.vault, [device('phone'), device('laptop')]);
    context.devices.push(...devices);
    const banks = devices.map((synced) => synced.bank);
    const errors = banks.map(errorsOf);
    const [phone] = banks as [SyncedBank];
    const alice = await phone.commands.openAccount({ name: 'Alice' });
    while ((await confirmedHead(phone)) < INTERVAL + 1) {
      await phone.commands.depositFunds(alice, 100);
      await phone.sync.syncNow();
    }
    await syncUntilQuiet(banks);

    // A device of older code seals what it had seen without a checkpoint; another one that is not one.
    const { url, token } = context.vault;
    const log = await vaultLog(url, token);
    const link = (await chainLinks(GENESIS_LINK, log)).at(-1) ?? GENESIS_LINK;
    const seen = { seq: log.length, link };
    const deposit = (id: string, amount: number) => ({
      id,
      type: 'DepositRequested',
      timestamp: '2026-03-01T12:00:00.000Z',
      data: { creditAccountId: alice, amount, rulesVersion: 1 },
    });
    const requests = [
      { ...deposit('old-code', 5), seen },
      { ...deposit('odd-checkpoint', 7), seen: { ...seen, checkpoint: { seq: INTERVAL, digest: 'not a digest' } } },
      { ...deposit('late-checkpoint', 11), seen: { ...seen, checkpoint: { seq: 1_000, digest: 'a'.repeat(64) } } },
    ];
    const key = await vaultKeyOf(recoveryCode);
    const vaultId = vaultIdOf(token);
    const sealed = await Promise.all(
      requests.map(async (request, index) => {
        const position = index + 1;
        const bytes = new TextEncoder().encode(JSON.stringify(request));
        return { position, envelope: await sealRequest(key, { vaultId, deviceId: 'older-app', position }, bytes) };
      }),
    );
    await new RequestApi({ url, token }).push({ deviceId: 'older-app', requests: sealed });
    await syncUntilQuiet(banks);

    expect(errors.flat()).toEqual([]);
    for (const bank of banks) {
      for (const id of ['old-code', 'odd-checkpoint', 'late-checkpoint']) {
        expect((await bank.sagas.getSaga(id)).status).toBe('succeeded');
      }
      expect(await bank.checkpoints?.divergences()).toEqual([]);
      expect(await bank.accounts.getBalance(alice)).toBe(100 * INTERVAL + 5 + 7 + 11);
      const statuses: BankSyncStatus = await firstValueFrom(bank.sync.status$);
      expect(statuses.error).toBeUndefined();
    }
  }, 60_000);
});

/** The vault log's deposits of 7.77 as an app that misreads them would keep them: 7.78. */
function misreadDeposit(event: StoredEvent): StoredEvent {
  if (event.type !== 'RequestConfirmed') return event;
  const data = event.data as RequestConfirmed['data'];
  const request = data.request as { type?: unknown; data?: Record<string, unknown> } | null;
  if (request?.type !== 'DepositRequested' || request.data?.amount !== 777) return event;
  return {
    ...event,
    data: { ...data, request: { ...request, data: { ...request.data, amount: 778 } } } as StoredEvent['data'],
  };
}
