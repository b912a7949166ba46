import { describe, expect, it } from 'vitest';
import { memoryPersistence } from '../../src/eventsourcing';
import { interceptInserts } from '../fixtures/intercept-inserts';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { eventually } from '../fixtures/eventually';
import { duplicatingFetch, seededRandom } from './fixtures/faulty-fetch';
import { recordRandomRequest } from './fixtures/random-requests';
import { expectSameBank } from './fixtures/same-bank';
import {
  confirmedHead,
  openDevices,
  pendingCount,
  SyncedDevice,
  syncUntilQuiet,
  type SyncedBank,
  type Through,
} from './fixtures/synced-device';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultRequests } from './fixtures/vault-requests';
import { runWorkload } from './fixtures/workload';

describe('Devices of one vault through faults of the network and of the device', () => {
  const context = vaultPerTest();

  /** Three devices of the test's vault, with their recovery code. */
  async function threeDevices(): Promise<{ devices: SyncedDevice[]; recoveryCode: string }> {
    const opened = await openDevices(context.vault, ['phone', 'laptop', 'tablet']);
    context.devices.push(...opened.devices);
    return opened;
  }

  /** Every device syncs until quiet; then they show one bank, and every request was stored and decided once. */
  async function expectOneBankDecidedOnce(banks: readonly SyncedBank[], recoveryCode: string): Promise<void> {
    await syncUntilQuiet(banks);
    const snapshots = await Promise.all(banks.map((bank) => bankSnapshot(bank)));
    expectSameBank(snapshots);
    const ids = await recordedRequestIds(banks);
    expectDecidedOnce(ids, await vaultRequests(context.vault.url, context.vault.token, recoveryCode), snapshots);
  }

  it('when the answers to half the pushes are lost on the way back, every request is stored once and decided once, and every device shows the same bank', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`lost answers: seed ${seed} (FAULTS_SEED=${seed} repeats the requests)`);
    const random = seededRandom(seed);
    const { devices, recoveryCode } = await threeDevices();
    let lost = 0;
    const losingAnswers: Through = (inner) => async (input, init) => {
      const response = await inner(input, init);
      if (init?.method !== 'POST' || random() < 0.5) return response;
      // The server stored the push; its answer never arrives.
      await response.arrayBuffer();
      lost++;
      throw new TypeError('fetch failed (answer lost)');
    };
    for (const device of devices) device.through = losingAnswers;
    const report = await runWorkload(devices, { requests: 300, random, syncRate: 0.15 });
    for (const device of devices) device.through = undefined;

    console.log(`lost answers: ${lost} answers to pushes lost, ${report.syncs} syncs`);
    expect(lost).toBeGreaterThanOrEqual(10);
    expect(report.rejections.get('online:network')).toBeGreaterThan(0);
    await expectOneBankDecidedOnce(
      devices.map((device) => device.bank),
      recoveryCode,
    );
  });

  it('when every push is delivered twice at once, every request is stored once and decided once, and no sync fails', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`duplicated deliveries: seed ${seed} (FAULTS_SEED=${seed} repeats the requests)`);
    const random = seededRandom(seed);
    const { devices, recoveryCode } = await threeDevices();
    for (const device of devices) device.through = (inner) => duplicatingFetch(inner);
    const report = await runWorkload(devices, { requests: 300, random, syncRate: 0.08 });

    expect(report.syncs).toBeGreaterThan(10);
    expect([...report.rejections]).toEqual([]);
    expect(devices.reduce((sum, device) => sum + (device.calls.get('POST /v2/requests') ?? 0), 0)).toBeGreaterThan(10);
    await expectOneBankDecidedOnce(
      devices.map((device) => device.bank),
      recoveryCode,
    );
  });

  it('when a laptop records 1,000 requests offline while the others go on, then syncs, every request is decided once and every device shows the same bank', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`a device offline for 1,000 requests: seed ${seed} (FAULTS_SEED=${seed} repeats the requests)`);
    const random = seededRandom(seed);
    const { devices, recoveryCode } = await threeDevices();
    const [phone, laptop, tablet] = devices as [SyncedDevice, SyncedDevice, SyncedDevice];
    await runWorkload([phone, tablet], { requests: 100, random, syncRate: 0.1 });
    await syncUntilQuiet([phone.bank, laptop.bank, tablet.bank]);

    laptop.online = false;
    const known = (await laptop.bank.accounts.listAccounts()).map((account) => account.id);
    for (let made = 0; made < 1_000; made++) {
      await recordRandomRequest(laptop.bank.commands, known, random);
      if (made % 100 === 0) await runWorkload([phone, tablet], { requests: 20, random, syncRate: 0.1 });
    }
    await expect(laptop.bank.sync.syncNow()).rejects.toMatchObject({ code: 'network' });
    expect(await pendingCount(laptop.bank)).toBe(1_000);

    laptop.online = true;
    await laptop.bank.sync.syncNow();
    expect(await pendingCount(laptop.bank)).toBe(0);
    await expectOneBankDecidedOnce(
      devices.map((device) => device.bank),
      recoveryCode,
    );
  });

  it('when a device comes back online after many failed syncs and syncs once, its next requests go out by themselves at once', async () => {
    const { devices } = await threeDevices();
    const [phone, laptop] = devices as [SyncedDevice, SyncedDevice];
    const alice = await phone.bank.commands.openAccount({ name: 'Alice' });
    await phone.bank.sync.syncNow();
    // Eight syncs in a row fail: the retries back off to minutes.
    phone.online = false;
    for (let attempt = 0; attempt < 8; attempt++) {
      await expect(phone.bank.sync.syncNow()).rejects.toMatchObject({ code: 'network' });
    }
    phone.online = true;
    await phone.bank.sync.syncNow();

    const deposit = await phone.bank.commands.depositFunds(alice, 100);
    await eventually(async () => {
      const log = await vaultRequests(context.vault.url, context.vault.token, await phone.bank.sync.recoveryCode());
      return log.some((entry) => entry.sealed.id === deposit);
    }, 5_000);
    // And it hears of the others' requests by itself again.
    await laptop.bank.sync.syncNow();
    const fromLaptop = await laptop.bank.commands.depositFunds(alice, 200);
    await laptop.bank.sync.syncNow();
    await eventually(async () => (await phone.bank.sagas.getSaga(fromLaptop)).status === 'succeeded', 5_000);
  });

  it('when the last requests a device pulls change no account (limits and closings of accounts nobody opened), syncNow() resolves once they are derived', async () => {
    const { devices, recoveryCode } = await threeDevices();
    const [phone] = devices as [SyncedDevice];
    await phone.bank.commands.openAccount({ name: 'Alice' });
    await phone.bank.sync.syncNow();
    // A laptop whose derivation is slow to commit (a busy disk), so that it is still deriving when its pull is done.
    const slow = interceptInserts(memoryPersistence(), (name, insert) => async (events, options) => {
      if (name === 'sagas') await new Promise((resolve) => setTimeout(resolve, 20));
      return insert(events, options);
    });
    const laptop = new SyncedDevice('laptop', context.vault, slow);
    context.devices.push(laptop);
    await laptop.open(recoveryCode);
    await laptop.bank.sync.syncNow();
    laptop.online = false;
    for (let made = 0; made < 2_500; made++) {
      await (made % 2 === 0
        ? phone.bank.commands.setOverdraftLimit(`nobody-${made}`, 500)
        : phone.bank.commands.closeAccount(`nobody-${made}`));
    }
    await phone.bank.sync.syncNow();
    laptop.online = true;

    await laptop.bank.sync.syncNow();
    expect(await laptop.bank.derivation.position('confirmed-requests')).toBe(await confirmedHead(phone.bank));
    expect(await bankSnapshot(laptop.bank)).toEqual(await bankSnapshot(phone.bank));
  }, 60_000);

  for (const crash of [false, true]) {
    it(
      crash
        ? 'when a joining laptop crashes between the commits of a batch while deriving a large log, and restarts, it finishes with the same bank'
        : 'when a joining laptop is stopped in the middle of deriving a large log, and restarts on the same stores, it finishes with the same bank',
      async () => {
        const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
        console.log(`stopped while deriving (crash: ${crash}): seed ${seed} (FAULTS_SEED=${seed} repeats it)`);
        const random = seededRandom(seed);
        const phone = new SyncedDevice('phone', context.vault);
        context.devices.push(phone);
        await phone.open();
        await runWorkload([phone], { requests: 2_500, random, syncRate: 0.005 });
        await phone.bank.sync.syncNow();
        const recoveryCode = await phone.bank.sync.recoveryCode();
        const head = await confirmedHead(phone.bank);

        // The laptop stops (or crashes) on the fifth batch the derivation commits into its accounts.
        let accountsInserts = 0;
        let stopping: Promise<void> | undefined;
        let derivedAtStop: number | undefined;
        let interrupt = true;
        const persistence = interceptInserts(memoryPersistence(), (name, insert) => async (events, options) => {
          if (name !== 'accounts' || !interrupt || ++accountsInserts !== 5) return insert(events, options);
          interrupt = false;
          stopping = laptop.stop();
          derivedAtStop = options?.tracking?.notificationId;
          if (crash) throw new Error('the tab crashed before the accounts committed');
          return insert(events, options);
        });
        const laptop = new SyncedDevice('laptop', context.vault, persistence);
        context.devices.push(laptop);
        await laptop.open(recoveryCode);
        for (let wait = 0; stopping === undefined; wait++) {
          if (wait > 6_000) throw new Error('the laptop never derived five batches');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await stopping;
        // It was stopped with part of the log derived and the rest still to do.
        expect(derivedAtStop).toBeGreaterThan(0);
        expect(derivedAtStop).toBeLessThan(head);

        const restarted = await laptop.open();
        await restarted.sync.syncNow();
        const [onPhone, onLaptop] = await Promise.all([bankSnapshot(phone.bank), bankSnapshot(restarted)]);
        expectSameBank([onPhone, onLaptop]);
        const ids = await recordedRequestIds([phone.bank]);
        expectDecidedOnce(ids, await vaultRequests(context.vault.url, context.vault.token, recoveryCode), [
          onPhone,
          onLaptop,
        ]);
      },
    );
  }
});
