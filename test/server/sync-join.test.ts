import { describe, expect, it } from 'vitest';
import { bankSnapshot, type BankSnapshot } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { seededRandom } from './fixtures/faulty-fetch';
import { recordRandomRequest } from './fixtures/random-requests';
import { expectSameBank } from './fixtures/same-bank';
import { pathOf, SyncedDevice, syncUntilQuiet, type SyncedBank, type Through } from './fixtures/synced-device';
import { keepLocalBank } from './fixtures/local-bank';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultLog, vaultRequests } from './fixtures/vault-requests';

/** Requests the phone made before it ever synced: three pushes (1,000 at most each). */
const HISTORY = 2_600;

describe('A device joining a vault whose first device is still pushing its history', () => {
  const context = vaultPerTest();

  for (const round of [1, 2, 3]) {
    it(`when the pushes of its history break at a random point (round ${round}), a laptop that joins and spends meanwhile waits for the rest of it, and when the phone resumes both show exactly the same money`, async () => {
      const seed = Number(process.env[`JOIN_SEED_${round}`] ?? Math.floor(Math.random() * 2 ** 31));
      const random = seededRandom(seed);
      // Calls the phone gets through (the join's read of the log, the pushes, the pulls) before its network fails;
      // at least its first push landed and was answered, so that it knows the vault holds the start of its history
      // (and gives its recovery code: see the test below for a first answer that was lost).
      const callsBeforeBreak = 2 + Math.floor(random() * 3);
      const answerLost = callsBeforeBreak > 2 && random() < 0.5;
      console.log(
        `join (round ${round}): seed ${seed} (JOIN_SEED_${round}=${seed} repeats it): the phone's network breaks ` +
          `after ${callsBeforeBreak} calls${answerLost ? ', losing the answer of the last' : ''}`,
      );
      const { vault } = context;
      const phone = new SyncedDevice('phone', vault);
      const laptop = new SyncedDevice('laptop', vault);
      context.devices.push(phone, laptop);
      const before = await keepLocalBank(phone, HISTORY, random);

      phone.through = breakingAfter(callsBeforeBreak, answerLost);
      const phoneBank = await phone.open();
      await expect(phoneBank.sync.syncNow()).rejects.toMatchObject({ code: 'network' });
      // Joining did not change the phone's bank.
      expect((await bankSnapshot(phoneBank)).accounts).toEqual(before.accounts);
      const held = (await vaultLog(vault.url, vault.token)).length;
      expect(held).toBeGreaterThan(0);
      console.log(`join (round ${round}): the vault holds ${held} of the phone's ${HISTORY} requests`);

      const code = await phoneBank.sync.recoveryCode();
      const laptopBank = await laptop.open(code);
      await laptopBank.sync.syncNow();
      const laptopAccounts = (await laptopBank.accounts.listAccounts()).map((account) => account.id);
      for (let made = 0; made < 40; made++) await recordRandomRequest(laptopBank.commands, laptopAccounts, random);
      await laptopBank.sync.syncNow();
      if (held < HISTORY) {
        // Nothing of the laptop's may land inside the phone's history: it waits.
        const entries = await vaultLog(vault.url, vault.token);
        expect(entries.filter((entry) => entry.deviceId !== entries[0]?.deviceId)).toEqual([]);
      }

      phone.through = undefined;
      await syncUntilQuiet([phoneBank, laptopBank]);
      await expectSameMoney(vault, code, before, [phoneBank, laptopBank]);
    }, 120_000);
  }

  it('when nothing of its history reached the vault, the phone gives no recovery code until it did, so that no device can start the vault before it', async () => {
    const random = seededRandom(20261201);
    const { vault } = context;
    const phone = new SyncedDevice('phone', vault);
    const laptop = new SyncedDevice('laptop', vault);
    context.devices.push(phone, laptop);
    const before = await keepLocalBank(phone, 30, random);

    phone.through = breakingAfter(1, false);
    const phoneBank = await phone.open();
    await expect(phoneBank.sync.recoveryCode()).rejects.toMatchObject({ code: 'network' });
    expect(await vaultLog(vault.url, vault.token)).toEqual([]);

    phone.through = undefined;
    const code = await phoneBank.sync.recoveryCode();
    expect((await vaultLog(vault.url, vault.token)).length).toBeGreaterThan(0);
    const laptopBank = await laptop.open(code);
    await laptopBank.sync.syncNow();
    const laptopAccounts = (await laptopBank.accounts.listAccounts()).map((account) => account.id);
    for (let made = 0; made < 20; made++) await recordRandomRequest(laptopBank.commands, laptopAccounts, random);
    await syncUntilQuiet([phoneBank, laptopBank]);
    await expectSameMoney(vault, code, before, [phoneBank, laptopBank]);
  });

  it('when its first push landed but the answer was lost, the phone gives no recovery code until it has heard from the server', async () => {
    const { vault } = context;
    const phone = new SyncedDevice('phone', vault);
    context.devices.push(phone);
    await keepLocalBank(phone, 30, seededRandom(20261202));

    phone.through = breakingAfter(2, true);
    const phoneBank = await phone.open();
    await expect(phoneBank.sync.syncNow()).rejects.toMatchObject({ code: 'network' });
    expect((await vaultLog(vault.url, vault.token)).length).toBe(30);
    await expect(phoneBank.sync.recoveryCode()).rejects.toMatchObject({ code: 'network' });

    phone.through = undefined;
    await expect(phoneBank.sync.recoveryCode()).resolves.toEqual(expect.any(String));
  });
});

/**
 * A network that lets `calls` calls through (the event stream aside) and then fails every call like a lost
 * connection; the last one that went through loses its answer when `answerLost`.
 */
function breakingAfter(calls: number, answerLost: boolean): Through {
  let made = 0;
  return (inner) => async (input, init) => {
    if (pathOf(input) === '/v2/events') return inner(input, init);
    made++;
    if (made < calls || (made === calls && !answerLost)) return inner(input, init);
    if (made === calls) await (await inner(input, init)).arrayBuffer();
    throw new TypeError('fetch failed (the network broke)');
  };
}

/** Both devices show exactly the same bank, whose money adds up, that begins with the phone's history as it was. */
async function expectSameMoney(
  vault: { readonly url: string; readonly token: string },
  code: string,
  history: BankSnapshot,
  banks: readonly SyncedBank[],
): Promise<void> {
  const snapshots = await Promise.all(banks.map((bank) => bankSnapshot(bank)));
  expectSameBank(snapshots);
  // The phone's history is the vault's start, decided as the phone had decided it before it synced.
  for (const [id, outcome] of Object.entries(history.outcomes)) expect(snapshots[0]?.outcomes[id]).toEqual(outcome);
  const ids = await recordedRequestIds(banks);
  expectDecidedOnce(ids, await vaultRequests(vault.url, vault.token, code), snapshots);
}
