import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { AccountClosedError, fromErrorData, InvalidRequestError, RULES_VERSION } from '../../src/bank';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { forgeRequests, type Forged } from './fixtures/forger';
import { expectSameBank } from './fixtures/same-bank';
import { openDevices, SyncedDevice, syncUntilQuiet, type SyncedBank } from './fixtures/synced-device';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultLog, vaultRequests } from './fixtures/vault-requests';

/** A forged object shaped like the app's requests. */
type ForgedRequest = {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly data: Readonly<Record<string, unknown>>;
};

const AT = '2026-03-01T12:00:00.000Z';

describe('Requests the app would never make, sealed by a device holding the vault key', () => {
  const context = vaultPerTest();

  function forge(recoveryCode: string, requests: readonly Forged[]): Promise<void> {
    return forgeRequests(context.vault, recoveryCode, requests);
  }

  it('refuses each one the same way on every device, decides the requests after them as usual, and moves no money for them', async () => {
    const { devices, recoveryCode } = await openDevices(context.vault, ['phone', 'laptop']);
    context.devices.push(...devices);
    const [phone, laptop] = devices.map((device) => device.bank) as [SyncedBank, SyncedBank];
    const alice = await phone.commands.openAccount({ name: 'Alice' });
    const bob = await phone.commands.openAccount({ name: 'Bob' });
    const carol = await phone.commands.openAccount({ name: 'Carol' });
    const salary = await phone.commands.depositFunds(alice, 10_000);
    await phone.commands.closeAccount(carol);
    await syncUntilQuiet([phone, laptop]);

    const deposit = (id: string, data: Readonly<Record<string, unknown>>): ForgedRequest => ({
      id,
      type: 'DepositRequested',
      timestamp: AT,
      data: { rulesVersion: 1, ...data },
    });
    const forged = {
      stringAmount: deposit('forged-string-amount', { creditAccountId: alice, amount: '10000' }),
      unknownKind: {
        id: 'forged-unknown-kind',
        type: 'MoneyPrinted',
        timestamp: AT,
        data: { creditAccountId: alice, amount: 10_000, rulesVersion: 1 },
      },
      unsafeAmount: deposit('forged-unsafe-amount', { creditAccountId: alice, amount: 2 ** 53 }),
      negativeAmount: {
        id: 'forged-negative-amount',
        type: 'WithdrawalRequested',
        timestamp: AT,
        data: { debitAccountId: alice, amount: -10_000, rulesVersion: 1 },
      },
      sameAccount: {
        id: 'forged-same-account',
        type: 'TransferRequested',
        timestamp: AT,
        data: { debitAccountId: alice, creditAccountId: alice, amount: 100, rulesVersion: 1 },
      },
      // The id of the phone's salary again, now as a deposit to Bob.
      duplicateId: deposit(salary, { creditAccountId: bob, amount: 5_000_000 }),
      toClosed: deposit('forged-to-closed', { creditAccountId: carol, amount: 500 }),
      reopening: {
        id: 'forged-reopening',
        type: 'AccountOpeningRequested',
        timestamp: AT,
        data: { accountId: alice, name: 'Alice again', overdraftLimit: 1_000_000, rulesVersion: 1 },
      },
      notARequest: { hello: 'world' },
      // A valid request after all of them: it is decided as usual.
      valid: deposit('forged-valid', { creditAccountId: bob, amount: 1 }),
    } as const;
    const forgedAt = (await vaultLog(context.vault.url, context.vault.token)).length;
    await forge(recoveryCode, Object.values(forged));
    const notARequestId = `seq-${forgedAt + Object.keys(forged).indexOf('notARequest') + 1}`;

    // Honest requests after the forged ones, from both devices.
    const topUp = await phone.commands.depositFunds(alice, 250);
    const rent = await laptop.commands.transferFunds(alice, bob, 300);
    const tablet = new SyncedDevice('tablet', context.vault);
    context.devices.push(tablet);
    const late = await tablet.open(recoveryCode);
    const syncErrors = new Set<string>();
    for (const bank of [phone, laptop, late]) {
      bank.sync.status$.subscribe((status) => {
        if (status.error !== undefined) syncErrors.add(status.error.code);
      });
    }
    await syncUntilQuiet([phone, laptop, late]);
    expect([...syncErrors]).toEqual([]);

    const snapshots = await Promise.all([phone, laptop, late].map((bank) => bankSnapshot(bank)));
    expectSameBank(snapshots);
    for (const bank of [phone, laptop, late]) {
      const refusals = await Promise.all(
        [
          forged.stringAmount.id,
          forged.unknownKind.id,
          forged.unsafeAmount.id,
          forged.negativeAmount.id,
          forged.sameAccount.id,
          forged.reopening.id,
          notARequestId,
        ].map(async (id) => {
          const error = await bank.sagas.outcomeOf(id);
          if (error === null) throw new Error(`The forged request ${id} was carried out`);
          return fromErrorData(error);
        }),
      );
      for (const refusal of refusals) {
        expect(refusal).toBeInstanceOf(InvalidRequestError);
        expect(refusal.code).toBe('invalid-request');
      }
      const toClosed = await bank.sagas.getSaga(forged.toClosed.id);
      expect(toClosed.status).toBe('failed');
      expect(toClosed.errors).toEqual([new AccountClosedError({ accountId: carol })]);
      // The salary was decided once, as the phone made it; its id used again changed nothing.
      expect(await bank.sagas.getSaga(salary)).toMatchObject({ kind: 'deposit', status: 'succeeded', amount: 10_000 });
      for (const id of [forged.valid.id, topUp, rent]) expect((await bank.sagas.getSaga(id)).status).toBe('succeeded');
      expect(await bank.accounts.getAccount(alice)).toMatchObject({
        name: 'Alice',
        balance: 10_000 + 250 - 300,
        overdraftLimit: 0,
      });
      expect(await bank.accounts.getBalance(bob)).toBe(300 + 1);
      expect(await bank.accounts.getAccount(carol)).toMatchObject({ balance: 0, isClosed: true });
    }
    // Every request is decided once: the honest ones, and each forged one under its id.
    const [reference] = snapshots;
    const forgedIds = [
      ...Object.values(forged).flatMap((request) => ('id' in request ? [request.id] : [])),
      notARequestId,
    ];
    for (const id of forgedIds) expect(reference?.decisions[id]).toBe(1);
    const honest = await recordedRequestIds([phone, laptop]);
    const vault = await vaultRequests(context.vault.url, context.vault.token, recoveryCode);
    expectDecidedOnce(
      honest,
      vault.filter((entry) => entry.deviceId !== 'forger'),
      snapshots,
    );
  });

  it('stops every device at a request made under newer rules, saying so instead of waiting for ever, and keeps recording and pushing their requests', async () => {
    const { devices, recoveryCode } = await openDevices(context.vault, ['phone', 'laptop']);
    context.devices.push(...devices);
    const [phone, laptop] = devices.map((device) => device.bank) as [SyncedBank, SyncedBank];
    const alice = await phone.commands.openAccount({ name: 'Alice' });
    await phone.commands.depositFunds(alice, 1_000);
    await syncUntilQuiet([phone, laptop]);

    await forge(recoveryCode, [
      {
        id: 'forged-newer-rules',
        type: 'DepositRequested',
        timestamp: AT,
        data: { creditAccountId: alice, amount: 500, rulesVersion: RULES_VERSION + 1 },
      },
    ]);
    for (const bank of [phone, laptop]) {
      const later = await bank.commands.depositFunds(alice, 10);
      await expect(bank.sync.syncNow()).rejects.toMatchObject({
        name: 'NewerRulesError',
        code: 'newer-rules',
        requestId: 'forged-newer-rules',
        rulesVersion: RULES_VERSION + 1,
      });
      expect(await firstValueFrom(bank.sync.status$)).toMatchObject({
        state: 'stopped',
        error: { code: 'newer-rules' },
      });
      // Its request was recorded and reached the vault; nothing from the newer request on was decided.
      const vault = await vaultRequests(context.vault.url, context.vault.token, recoveryCode);
      expect(vault.map((entry) => entry.sealed.id)).toContain(later);
      expect(await bank.accounts.getBalance(alice)).toBe(1_000);
    }
  });
});
