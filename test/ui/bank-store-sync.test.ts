import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createBankSystem, type AccountView } from '../../src/bank';
import { memoryPersistence } from '../../src/eventsourcing';
import { availableToSpend, BankStore, moneyRequestStatus } from '../../src/ui';
import { FakeBankSync, FakeVault } from '../fixtures/fake-bank-sync';

/**
 * What a person sees of requests on a device that syncs, through the store the screens read, with a stand-in for
 * the sync client: the vault's order decides, this device's requests wait until synced, and one can be refused
 * there because another device's request came first.
 */

const format = { locale: 'en-US', currency: 'USD' } as const;
const settings = { url: 'https://bank.example.org', token: 'vault-1.secret' };

async function givenPhone(vault = new FakeVault()) {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync', sequencer: 'vault' });
  const sync = new FakeBankSync(system, vault, 'phone');
  const store = new BankStore({ ...system, sync }, memoryPersistence(), { syncSettings: settings });
  return { system, sync, store, vault };
}

/** The next value of a stream that passes `accept`. */
function next<T>(source: import('rxjs').Observable<T>, accept: (value: T) => boolean): Promise<T> {
  return firstValueFrom(source.pipe(filter(accept)));
}

describe('BankStore › with sync on', () => {
  it('keeps a new account and its requests waiting until synced, then shows them confirmed', async () => {
    const { store, sync, system } = await givenPhone();
    // Recorded at once (offline too): the store does not wait for the opening to be derived.
    const savings = await store.openAccount('Savings', 1_000);
    const deposit = await store.deposit(savings, 5_000);
    const pending = await next(store.pendingIds$, (ids) => ids.size === 2);
    expect([...pending]).toEqual([savings, deposit]);
    expect(await system.accounts.listAccounts()).toEqual([]);

    await sync.syncNow();
    expect((await next(store.pendingIds$, (ids) => ids.size === 0)).size).toBe(0);
    const [account] = await next(store.accounts$, (accounts) => accounts.length === 1);
    expect(account).toMatchObject({ name: 'Savings', balance: 5_000, overdraftLimit: 1_000 });
    await system.stop();
  });

  it('takes this device’s pending debits off what is available, never its pending credits', async () => {
    const { store, sync, system } = await givenPhone();
    const savings = await store.openAccount('Savings', 1_000);
    await store.deposit(savings, 5_000);
    await sync.syncNow();
    const withdrawal = await store.withdraw(savings, 2_000);
    const credit = await store.deposit(savings, 700);
    const pendingIds = await next(store.pendingIds$, (ids) => ids.size === 2);
    expect([...pendingIds]).toEqual([withdrawal, credit]);
    const [account] = (await firstValueFrom(store.accounts$)) as AccountView[];
    const requests = await next(store.requests$, (all) => all.length === 3);
    // $50.00 confirmed + $10.00 overdraft − $20.00 waiting to be withdrawn; the $7.00 coming in is not counted.
    expect(account?.balance).toBe(5_000);
    expect(account === undefined ? undefined : availableToSpend(account, requests, pendingIds)).toBe(4_000n);
    await system.stop();
  });

  it('says a withdrawal was refused after syncing, and why, when another device spent the money first', async () => {
    const vault = new FakeVault();
    const { store, sync, system } = await givenPhone(vault);
    const savings = await store.openAccount('Savings', 0);
    await store.deposit(savings, 5_000);
    await sync.syncNow();
    // Offline, this device asks for $40.00; meanwhile the laptop takes $30.00, and the vault orders it first.
    const withdrawal = await store.withdraw(savings, 4_000);
    vault.append('laptop', {
      id: 'laptop-withdrawal',
      type: 'WithdrawalRequested',
      timestamp: '2030-01-01T00:00:00.000Z',
      data: { debitAccountId: savings, amount: 3_000, rulesVersion: 1 },
    });
    const requests = await next(store.requests$, (all) => all.length === 2);
    const request = requests.find((candidate) => candidate.transactionId === withdrawal);
    if (request === undefined) throw new Error('the withdrawal is not listed');
    const context = {
      syncing: true,
      pendingIds: await next(store.pendingIds$, (ids) => ids.has(withdrawal)),
      nameOf: () => 'Savings',
      format,
    };
    expect(moneyRequestStatus(request, await system.sagas.getSaga(withdrawal), context)).toEqual({
      label: 'Waiting to sync',
      tone: 'waiting',
    });

    await sync.syncNow();
    const saga = await system.sagas.getSaga(withdrawal);
    const settled = { ...context, pendingIds: await next(store.pendingIds$, (ids) => ids.size === 0) };
    expect(moneyRequestStatus(request, saga, settled)).toEqual({
      label: 'Refused',
      tone: 'failed',
      reason: 'Refused after syncing: Savings had $20.00 available when this withdrawal was reached.',
    });
    expect(await system.accounts.getBalance(savings)).toBe(2_000);
    await system.stop();
  });

  it('shows sync as stopped, saying why, when the bank could not start with sync', async () => {
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const failure = Object.assign(new Error('bad code'), { code: 'recovery-code' });
    const store = new BankStore(system, memoryPersistence(), { syncSettings: settings, syncFailure: failure });
    expect(await firstValueFrom(store.syncStatus$)).toMatchObject({
      state: 'stopped',
      error: { code: 'recovery-code' },
    });
    const off = new BankStore(system, memoryPersistence());
    expect(await firstValueFrom(off.syncStatus$)).toBeUndefined();
    expect((await firstValueFrom(off.pendingIds$)).size).toBe(0);
    await system.stop();
  });
});

describe('BankStore › with sync off', () => {
  it('decides at once: nothing waits, and a refusal reads as before, without "after syncing"', async () => {
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const store = new BankStore(system, memoryPersistence());
    const savings = await store.openAccount('Savings', 0);
    const withdrawal = await store.withdraw(savings, 100);
    const [request] = await next(store.requests$, (all) => all.length === 1);
    if (request === undefined) throw new Error('the withdrawal is not listed');
    const context = {
      syncing: false,
      pendingIds: await firstValueFrom(store.pendingIds$),
      nameOf: () => 'Savings',
      format,
    };
    expect(context.pendingIds.size).toBe(0);
    expect(moneyRequestStatus(request, await system.sagas.getSaga(withdrawal), context)).toEqual({
      label: 'Failed',
      tone: 'failed',
      reason: 'Not enough money in Savings: $0.00 available, $1.00 requested.',
    });
    await system.stop();
  });
});

describe('BankStore › pending requests', () => {
  it('reads only the requests waiting to sync, in the order they were recorded', async () => {
    const { store, sync, system } = await givenPhone();
    const savings = await store.openAccount('Savings', 1_000);
    await store.deposit(savings, 5_000);
    await sync.syncNow();
    const withdrawal = await store.withdraw(savings, 2_000);
    const limit = await system.commands.setOverdraftLimit(savings, 500);
    const credit = await store.deposit(savings, 700);
    const money = await next(store.pendingMoneyRequests$, (all) => all.length === 2);
    expect(money.map((request) => request.transactionId)).toEqual([withdrawal, credit]);
    expect(money[0]).toMatchObject({ kind: 'withdrawal', debitAccountId: savings, amount: 2_000 });
    const management = await next(store.pendingAccountRequests$, (all) => all.length === 1);
    expect(management[0]).toMatchObject({ kind: 'overdraft-limit', requestId: limit, overdraftLimit: 500 });
    await sync.syncNow();
    expect(await next(store.pendingMoneyRequests$, (all) => all.length === 0)).toEqual([]);
    await system.stop();
  });

  it('has none without sync', async () => {
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const store = new BankStore(system, memoryPersistence());
    await store.deposit(await store.openAccount('Savings', 0), 100);
    expect(await firstValueFrom(store.pendingMoneyRequests$)).toEqual([]);
    await system.stop();
  });
});
