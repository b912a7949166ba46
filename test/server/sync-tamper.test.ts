import { describe, expect, it } from 'vitest';
import { bankSnapshot, everyNotification } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { eventually } from '../fixtures/eventually';
import { alteringLog, flipOne, swapContents, withEntries, type LogAlteration } from './fixtures/log-tampering';
import { expectSameBank } from './fixtures/same-bank';
import { confirmedHead, openDevices, pendingCount, syncUntilQuiet, type SyncedDevice } from './fixtures/synced-device';
import { vaultDatabases, vaultPerTest } from './fixtures/vault-per-test';
import { vaultRequests } from './fixtures/vault-requests';

/**
 * A fetch between the phone and the real server alters the server's answers to `GET /v2/log`. The phone must catch
 * each alteration (a `SyncError` with code `log-integrity`), apply nothing it could not verify, keep its own
 * requests, and carry on by itself once the answers are honest again.
 */
describe.each(vaultDatabases)('Tamper evidence on %s: a phone shown a log the server never held', (_, openSql) => {
  const context = vaultPerTest(openSql);

  /** Phone, laptop and tablet of one vault, with Alice's and Bob's accounts derived on all three. */
  async function threeDevices() {
    const opened = await openDevices(context.vault, ['phone', 'laptop', 'tablet']);
    context.devices.push(...opened.devices);
    const [phone, laptop, tablet] = opened.devices as [SyncedDevice, SyncedDevice, SyncedDevice];
    const alice = await phone.bank.commands.openAccount({ name: 'Alice' });
    const bob = await phone.bank.commands.openAccount({ name: 'Bob' });
    await phone.bank.commands.depositFunds(alice, 2_000);
    await syncUntilQuiet(opened.devices.map((device) => device.bank));
    return { phone, laptop, tablet, alice, bob, recoveryCode: opened.recoveryCode };
  }

  /**
   * The phone, with a request of its own not yet confirmed, syncs through `alteration`: it must reject with a
   * log-integrity error of `problem` and change nothing; then, the answers honest again, it must carry on by
   * itself, and every device must end with the same bank.
   */
  async function expectCaught(
    devices: Awaited<ReturnType<typeof threeDevices>>,
    problem: string,
    alteration: LogAlteration,
    othersRequest: () => Promise<void> = () => laptopRequests(devices),
  ): Promise<void> {
    const { phone, laptop, tablet, bob, recoveryCode } = devices;
    // Offline meanwhile, the phone learns of none of the others' requests before its sync below.
    phone.online = false;
    await othersRequest();
    const own = await phone.bank.commands.depositFunds(bob, 50);
    const before = await bankSnapshot(phone.bank);
    const headBefore = await confirmedHead(phone.bank);
    phone.online = true;
    const errors: string[] = [];
    phone.bank.sync.status$.subscribe((status) => {
      if (status.error !== undefined) errors.push(status.error.code);
    });

    const tampering = alteringLog(alteration);
    phone.through = tampering;
    await expect(phone.bank.sync.syncNow()).rejects.toMatchObject({ code: 'log-integrity', problem });
    expect(tampering.altered).toBeGreaterThan(0);
    expect(errors).toContain('log-integrity');
    // Nothing of the altered page was kept or derived; the phone's own request is kept, pending.
    await phone.bank.settled();
    expect(await confirmedHead(phone.bank)).toBe(headBefore);
    expect(await bankSnapshot(phone.bank)).toEqual(before);
    expect(await pendingCount(phone.bank)).toBe(1);
    expect((await everyNotification(phone.bank.commands)).map((request) => request.originatorId)).toContain(own);

    // Honest answers again: the phone's background retries get it through, without anyone asking.
    phone.through = undefined;
    await eventually(async () => (await pendingCount(phone.bank)) === 0, 30_000);
    await phone.bank.sync.syncNow();
    const banks = [phone.bank, laptop.bank, tablet.bank];
    await syncUntilQuiet(banks);
    expect((await phone.bank.sagas.getSaga(own)).status).toBe('succeeded');
    const snapshots = await Promise.all(banks.map((bank) => bankSnapshot(bank)));
    expectSameBank(snapshots);
    const ids = await recordedRequestIds(banks);
    expectDecidedOnce(ids, await vaultRequests(context.vault.url, context.vault.token, recoveryCode), snapshots);
  }

  /** Requests the phone has not seen yet: three deposits and a withdrawal from the laptop, pushed. */
  async function laptopRequests(devices: Awaited<ReturnType<typeof threeDevices>>): Promise<void> {
    const { laptop, alice } = devices;
    for (const amount of [100, 200, 300]) await laptop.bank.commands.depositFunds(alice, amount);
    await laptop.bank.commands.withdrawFunds(alice, 400);
    await laptop.bank.sync.syncNow();
  }

  it('catches a flipped character in an envelope', async () => {
    const devices = await threeDevices();
    await expectCaught(devices, 'undecryptable', (page) =>
      withEntries(page, (entries) => entries.map((entry, index) => (index === 1 ? flipOne(entry) : entry))),
    );
  });

  it('catches a dropped entry', async () => {
    const devices = await threeDevices();
    await expectCaught(devices, 'seq-gap', (page) =>
      withEntries(page, (entries) => entries.filter((_, index) => index !== 1)),
    );
  });

  it('catches a doubled entry', async () => {
    const devices = await threeDevices();
    await expectCaught(devices, 'seq-gap', (page) =>
      withEntries(page, (entries) => entries.flatMap((entry, index) => (index === 1 ? [entry, entry] : [entry]))),
    );
  });

  it('catches two requests of one device swapped, their seq numbers kept in order', async () => {
    const devices = await threeDevices();
    await expectCaught(devices, 'position-gap', (page) => withEntries(page, (entries) => swapContents(entries, 1, 2)));
  });

  it('catches a request moved before one its device had seen, their seq numbers kept in order', async () => {
    const devices = await threeDevices();
    const { laptop, tablet, alice } = devices;
    // The page the phone pulls: the laptop's deposit, the tablet's withdrawal, the phone's own request.
    await expectCaught(
      devices,
      'seen-link',
      (page) => withEntries(page, (entries) => swapContents(entries, 0, 1)),
      async () => {
        await laptop.bank.commands.depositFunds(alice, 100);
        await laptop.bank.sync.syncNow();
        // The tablet has seen the laptop's deposit when it makes its own request.
        await tablet.bank.sync.syncNow();
        await tablet.bank.commands.withdrawFunds(alice, 100);
        await tablet.bank.sync.syncNow();
      },
    );
  });

  it('catches a head that goes back', async () => {
    const devices = await threeDevices();
    await expectCaught(devices, 'head-backwards', (page, after) => ({ entries: [], next: null, head: after - 1 }));
  });

  it('catches two devices shown the same requests in different orders, each from the next request of the other, and never merges the two histories', async () => {
    const { phone, laptop, alice } = await threeDevices();
    // Both spend the same money offline; each request remembers the same head, so either order is one the
    // server could give.
    phone.online = false;
    laptop.online = false;
    const fromPhone = await phone.bank.commands.withdrawFunds(alice, 1_500);
    const fromLaptop = await laptop.bank.commands.withdrawFunds(alice, 1_500);
    await expect(phone.bank.sync.syncNow()).rejects.toMatchObject({ code: 'network' });
    await expect(laptop.bank.sync.syncNow()).rejects.toMatchObject({ code: 'network' });
    phone.online = true;
    await phone.bank.sync.syncNow();
    // The laptop, offline until then, is shown the two withdrawals the other way round.
    const head = await confirmedHead(phone.bank);
    laptop.through = alteringLog((page) =>
      withEntries(page, (entries) => {
        const at = entries.findIndex((entry) => entry.seq === head);
        return at < 0 ? entries : swapContents(entries, at, at + 1);
      }),
    );
    laptop.online = true;
    await laptop.bank.sync.syncNow();
    await phone.bank.sync.syncNow();
    // Nothing could tell yet: each device verified what it was shown, and each gave the money to another request.
    expect((await phone.bank.sagas.getSaga(fromPhone)).status).toBe('succeeded');
    expect((await laptop.bank.sagas.getSaga(fromLaptop)).status).toBe('succeeded');

    // The next request of each remembers its own history, which the other cannot find in its own.
    const nextOfPhone = await phone.bank.commands.depositFunds(alice, 10);
    await phone.bank.sync.syncNow();
    const nextOfLaptop = await laptop.bank.commands.depositFunds(alice, 20);
    const [phoneBefore, laptopBefore] = await Promise.all([bankSnapshot(phone.bank), bankSnapshot(laptop.bank)]);
    await expect(laptop.bank.sync.syncNow()).rejects.toMatchObject({ code: 'log-integrity', problem: 'seen-link' });
    await expect(phone.bank.sync.syncNow()).rejects.toMatchObject({ code: 'log-integrity', problem: 'seen-link' });
    await Promise.all([phone.bank.settled(), laptop.bank.settled()]);
    expect(await bankSnapshot(laptop.bank)).toEqual(laptopBefore);
    expect(await bankSnapshot(phone.bank)).toEqual(phoneBefore);
    expect(await pendingCount(laptop.bank)).toBe(1);
    const laptopRequestIds = (await everyNotification(laptop.bank.commands)).map((request) => request.originatorId);
    expect(laptopRequestIds).toContain(nextOfLaptop);
    expect((await phone.bank.sagas.getSaga(nextOfPhone)).status).toBe('succeeded');

    // The vault now holds a request made on each history: with honest answers, neither device takes the other's.
    laptop.through = undefined;
    await expect(laptop.bank.sync.syncNow()).rejects.toMatchObject({ code: 'log-integrity', problem: 'seen-link' });
    await expect(phone.bank.sync.syncNow()).rejects.toMatchObject({ code: 'log-integrity', problem: 'seen-link' });
    expect(await bankSnapshot(laptop.bank)).toEqual(laptopBefore);
  });
});
