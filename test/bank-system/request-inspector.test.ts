import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { memoryPersistence, SyncRunner, type DomainEvent } from '../../src/eventsourcing';
import { createBankApplications, createBankSystem, type BankApplications, type InspectedRequest } from '../../src/bank';
import { RequestInspector } from '../../src/bank/request-inspector';
import { FakeBankSync, FakeVault } from '../fixtures/fake-bank-sync';
import { writeLegacyStores } from '../fixtures/legacy-stores';
import { freshDexiePersistence } from '../fixtures/persistences';

const types = (events: readonly DomainEvent[] | undefined) => (events ?? []).map((event) => event.type);

/** Every request of the confirmed order, newest first, read page by page. */
async function allPages(inspector: RequestInspector, limit: number): Promise<InspectedRequest[]> {
  const all: InspectedRequest[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await inspector.page({ limit, ...(before === undefined ? {} : { before }) });
    all.push(...page.requests);
    if (page.next === null) return all;
    before = page.next;
  }
}

/** The heads of every log and the tracking positions of the bank: what a read must leave as it found them. */
async function heads(bank: BankApplications) {
  return Promise.all(
    [bank.commands, bank.sagas, bank.accounts, bank.ledger, bank.transactionLog].map((app) =>
      app.log.maxNotificationId(),
    ),
  );
}

for (const [name, persistence] of [
  ['memory', memoryPersistence],
  ['dexie (fake-indexeddb)', freshDexiePersistence],
] as const) {
  describe(`RequestInspector › ${name} › a device that is its own sequencer`, () => {
    it('shows a transfer refused by a closed account with its refund, and a refused withdrawal, in words and events', async () => {
      const bank = await createBankSystem({ persistence: persistence(), runner: 'sync' });
      const savings = await bank.commands.openAccount({ name: 'Savings' });
      const checking = await bank.commands.openAccount({ name: 'Checking' });
      await bank.commands.depositFunds(savings, 10_000);
      await bank.commands.closeAccount(checking);
      const transfer = await bank.commands.transferFunds(savings, checking, 2_000);
      const withdrawal = await bank.commands.withdrawFunds(savings, 50_000);
      await bank.settled();
      const before = await heads(bank);

      const inspector = new RequestInspector(bank);
      const page = await inspector.page();
      expect(page.head).toBe(6);
      expect(page.next).toBeNull();
      expect(page.requests.map((request) => [request.seq, request.request?.kind, request.status])).toEqual([
        [6, 'withdrawal', 'refused'],
        [5, 'transfer', 'refunded'],
        [4, 'account-closing', 'done'],
        [3, 'deposit', 'done'],
        [2, 'account-opening', 'done'],
        [1, 'account-opening', 'done'],
      ]);
      const [refused, refunded] = page.requests;
      expect(refused?.requestId).toBe(withdrawal);
      expect(refused?.error).toMatchObject({ code: 'insufficient-funds', accountId: savings, available: 10_000 });
      expect(types(refused?.events?.sagas)).toEqual(['SagaStarted', 'SagaFailed']);
      expect(types(refused?.events?.accounts)).toEqual(['AccountRefusalRecorded']);
      expect(refused?.events?.ledger).toEqual([]);
      expect(refused?.balancesAfter).toEqual([{ accountId: savings, balance: 10_000 }]);

      expect(refunded?.requestId).toBe(transfer);
      expect(refunded?.error).toMatchObject({ code: 'account-closed', accountId: checking });
      expect(types(refunded?.events?.sagas)).toEqual([
        'SagaStarted',
        'SagaCreditRequired',
        'SagaRefundRequired',
        'SagaFailed',
      ]);
      expect(refunded?.events?.accounts.map((event) => [event.originatorId, event.type])).toEqual(
        [
          [savings, 'AccountDebited'],
          [savings, 'AccountRefunded'],
          [checking, 'AccountRefusalRecorded'],
        ].sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1)),
      );
      expect(refunded?.events?.ledger.map((event) => event.data.amount)).toEqual([-2_000, 2_000]);
      expect(refunded?.events?.transactionLog.map((event) => event.data.kind)).toEqual(['debit', 'credit']);
      expect(refunded?.balancesAfter).toContainEqual({ accountId: savings, balance: 10_000 });
      expect(refunded?.balancesAfter).toContainEqual({ accountId: checking, balance: 0 });
      // A device that does not sync has no chain: its own order is the confirmed one.
      expect(refunded).toMatchObject({ deviceId: null, link: null, verified: false });

      const opening = page.requests.at(-1);
      expect(types(opening?.events?.accounts)).toEqual(['AccountOpened']);
      expect(types(opening?.events?.transactionLog)).toEqual(['TransactionJournalStarted', 'TransactionLogged']);
      const deposit = page.requests[3];
      expect(types(deposit?.events?.ledger)).toEqual(['LedgerStarted', 'LedgerTransactionAdded']);

      expect(await heads(bank)).toEqual(before);
      await bank.stop();
    });

    it('pages through the log newest first, each request once, and filters by account and by status', async () => {
      const bank = await createBankSystem({ persistence: persistence(), runner: 'sync' });
      const a = await bank.commands.openAccount({ name: 'A' });
      const b = await bank.commands.openAccount({ name: 'B' });
      for (let index = 0; index < 30; index++) {
        await bank.commands.depositFunds(index % 2 === 0 ? a : b, 100);
        if (index % 10 === 9) await bank.commands.withdrawFunds(a, 1_000_000);
      }
      await bank.settled();
      const inspector = new RequestInspector(bank);

      const all = await allPages(inspector, 7);
      expect(all.map((request) => request.seq)).toEqual(Array.from({ length: 35 }, (_, index) => 35 - index));

      const onB = await inspector.page({ limit: 100, filter: { accountId: b } });
      expect(onB.requests).toHaveLength(16);
      expect(onB.requests.every((request) => JSON.stringify(request.request).includes(b))).toBe(true);

      const refused = await inspector.page({ limit: 2, filter: { status: 'refused' } });
      expect(refused.requests.map((request) => request.request?.kind)).toEqual(['withdrawal', 'withdrawal']);
      const rest = await inspector.page({ limit: 2, before: refused.next ?? 0, filter: { status: 'refused' } });
      expect(rest.requests).toHaveLength(1);
      expect(rest.next).toBeNull();
      expect((await inspector.page({ filter: { status: 'pending' } })).requests).toEqual([]);
      await bank.stop();
    });
  });
}

describe('RequestInspector › the trail', () => {
  it('gives every request exactly the ledger and journal events that follow its account events, over a long log', async () => {
    const bank = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) ids.push(await bank.commands.openAccount({ overdraftLimit: 500 }));
    let seed = 7;
    const random = (n: number) => (seed = (seed * 16_807) % 2_147_483_647) % n;
    for (let step = 0; step < 300; step++) {
      const [x = '', y = ''] = [ids[random(ids.length)], ids[random(ids.length)]];
      const roll = random(10);
      if (roll < 4) await bank.commands.depositFunds(x, 1 + random(900));
      else if (roll < 7) await bank.commands.withdrawFunds(x, 1 + random(900));
      else if (roll < 9 && x !== y) await bank.commands.transferFunds(x, y, 1 + random(900));
      else if (random(4) === 0) await bank.commands.closeAccount(x);
      else ids.push(await bank.commands.openAccount());
    }
    await bank.settled();
    const all = await allPages(new RequestInspector(bank), 40);
    expect(all.length).toBeGreaterThan(300);
    const lastBalance = new Map<string, number>();
    for (const request of all) {
      const events = request.events;
      expect(events, `request ${request.seq}`).not.toBeNull();
      const accountEvents = events?.accounts ?? [];
      const moved = accountEvents.filter((event) =>
        ['AccountCredited', 'AccountDebited', 'AccountRefunded'].includes(event.type),
      );
      const ledger = (events?.ledger ?? []).filter((event) => event.type === 'LedgerTransactionAdded');
      expect(ledger.map((event) => [event.data.accountId, event.data.accountVersion]).sort()).toEqual(
        moved.map((event) => [event.originatorId, event.originatorVersion]).sort(),
      );
      const logged = (events?.transactionLog ?? []).filter((event) => event.type === 'TransactionLogged');
      const listed = accountEvents.filter(
        (event) =>
          event.type !== 'AccountRefusalRecorded' &&
          event.type !== 'AccountClosed' &&
          event.type !== 'OverdraftLimitSet',
      );
      expect(logged.map((event) => [event.data.accountId, event.data.accountVersion]).sort()).toEqual(
        listed.map((event) => [event.originatorId, event.originatorVersion]).sort(),
      );
      for (const event of moved) expect(event.data.transactionId).toBe(request.requestId);
      for (const { accountId, balance } of request.balancesAfter) {
        if (!lastBalance.has(accountId)) lastBalance.set(accountId, balance);
      }
    }
    // Newest first: the first balance met of an account is its balance now.
    for (const [accountId, balance] of lastBalance) expect(await bank.accounts.getBalance(accountId)).toBe(balance);
    await bank.stop();
  });
});

describe('RequestInspector › pending requests', () => {
  it('lists the requests not derived yet as pending, then in the confirmed order once derived', async () => {
    const bank = createBankApplications({ persistence: memoryPersistence() });
    const savings = await bank.commands.openAccount({ name: 'Savings' });
    await bank.commands.depositFunds(savings, 500);
    const inspector = new RequestInspector(bank);
    expect((await inspector.pending()).map((request) => [request.request?.kind, request.status])).toEqual([
      ['deposit', 'pending'],
      ['account-opening', 'pending'],
    ]);
    expect((await inspector.pending({ filter: { status: 'done' } })).length).toBe(0);
    const runner = new SyncRunner(bank.system);
    runner.start();
    await runner.settled();
    expect(await inspector.pending()).toEqual([]);
    expect((await inspector.page()).requests.map((request) => request.status)).toEqual(['done', 'done']);
    await runner.stop();
  });
});

describe('RequestInspector › a device that syncs', () => {
  it('shows the vault order with each request’s device and verified chain link, and its own requests pending until synced', async () => {
    const vault = new FakeVault();
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync', sequencer: 'vault' });
    const sync = new FakeBankSync(system, vault, 'phone');
    const savings = await system.commands.openAccount({ name: 'Savings' });
    await system.commands.depositFunds(savings, 1_000);
    const inspector = new RequestInspector({ ...system, deviceId: 'phone' });
    expect((await inspector.pending()).map((request) => request.request?.kind)).toEqual(['deposit', 'account-opening']);
    expect((await inspector.page()).requests).toEqual([]);

    await sync.syncNow();
    // Another device withdraws the same money first; this device's withdrawal is then refused.
    vault.append('laptop', {
      id: 'laptop-1',
      type: 'WithdrawalRequested',
      timestamp: '2026-12-01T10:00:00.000Z',
      data: { debitAccountId: savings, amount: 800, rulesVersion: 1 },
    });
    await system.commands.withdrawFunds(savings, 800);
    expect((await inspector.pending()).map((request) => request.request?.kind)).toEqual(['withdrawal']);
    await sync.syncNow();
    expect(await inspector.pending()).toEqual([]);

    const page = await inspector.page();
    expect(page.requests.map((request) => [request.seq, request.deviceId, request.status])).toEqual([
      [4, 'phone', 'refused'],
      [3, 'laptop', 'done'],
      [2, 'phone', 'done'],
      [1, 'phone', 'done'],
    ]);
    expect(page.requests.map((request) => request.mine)).toEqual([true, false, true, true]);
    expect(page.requests[0]).toMatchObject({ link: 'link-4', verified: true });
    expect(page.requests[0]?.error).toMatchObject({ code: 'insufficient-funds', available: 200 });
    expect(page.requests[1]?.balancesAfter).toEqual([{ accountId: savings, balance: 200 }]);
    expect(await inspector.devices()).toEqual([{ deviceId: 'phone' }, { deviceId: 'laptop' }]);
    expect((await inspector.page({ filter: { accountId: 'no-such-account' } })).requests).toEqual([]);
    await sync.stop();
    await system.stop();
  });
});

describe('RequestInspector › stores written before the trail', () => {
  it('shows the earlier requests with their outcome and no other events, and traces every request derived since', async () => {
    const persistence = memoryPersistence();
    await writeLegacyStores(persistence);
    const bank = await createBankSystem({ persistence, runner: 'sync' });
    await bank.settled();
    const [first] = await bank.accounts.listAccounts();
    await bank.commands.depositFunds(first?.id ?? '', 123);
    await bank.settled();
    const all = await allPages(new RequestInspector(bank), 50);
    const newest = all[0];
    expect(newest?.events?.ledger.map((event) => event.data.amount)).toEqual([123]);
    expect(newest?.balancesAfter).toEqual([{ accountId: first?.id, balance: (first?.balance ?? 0) + 123 }]);
    const older = all.filter((request) => request.events === null);
    expect(older.length).toBeGreaterThan(0);
    expect(older.every((request) => request.status !== 'pending')).toBe(true);
    await bank.stop();
  });
});
