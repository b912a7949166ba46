import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { memoryPersistence, type NotificationLog } from '../../src/eventsourcing';
import { AccountOrder, type AccountOrderStorage } from '../../src/ui/state/account-order';
import { liveAccounts } from '../../src/ui/state/live-accounts';

/** A storage in memory that counts nothing but keeps what `localStorage` would. */
class MapStorage implements AccountOrderStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** The log, with the first notification id of every `select` it answered. */
function counted(log: NotificationLog): { log: NotificationLog; starts: number[] } {
  const starts: number[] = [];
  const select = log.select.bind(log);
  const wrapped = Object.create(log) as NotificationLog;
  Object.defineProperty(wrapped, 'select', {
    value: (start: number, limit: number) => {
      starts.push(start);
      return select(start, limit);
    },
  });
  return { log: wrapped, starts };
}

async function bankWithAccounts(names: readonly string[]) {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
  const ids: string[] = [];
  for (const name of names) ids.push(await system.accounts.openAccount({ name }));
  for (const id of ids) await system.commands.depositFunds(id, 1_000);
  await system.settled();
  return { system, ids };
}

describe('AccountOrder', () => {
  it('reads the whole log once, then only what was committed after the stored position', async () => {
    const { system, ids } = await bankWithAccounts(['A', 'B', 'C']);
    const storage = new MapStorage();
    const first = await new AccountOrder(system.accounts.log, storage, 'order').current();
    expect(first.ids).toEqual(ids);
    expect(first.position).toBe(await system.accounts.log.maxNotificationId());

    const d = await system.accounts.openAccount({ name: 'D' });
    await system.settled();
    const { log, starts } = counted(system.accounts.log);
    const second = await new AccountOrder(log, storage, 'order').current();
    expect(second.ids).toEqual([...ids, d]);
    // The check of the stored position, then the pages after it: never the log from its start.
    expect(Math.min(...starts)).toBe(first.position);
    await system.stop();
  });

  it('reads the log again when the stored order is of another log, or not an order at all', async () => {
    const { system, ids } = await bankWithAccounts(['A', 'B']);
    const storage = new MapStorage();
    const position = await system.accounts.log.maxNotificationId();
    storage.setItem('order', JSON.stringify({ position, lastOriginatorId: 'someone-else', ids: ['x'] }));
    expect((await new AccountOrder(system.accounts.log, storage, 'order').current()).ids).toEqual(ids);
    storage.setItem('order', JSON.stringify({ position: position + 10, lastOriginatorId: ids[0], ids: [] }));
    expect((await new AccountOrder(system.accounts.log, storage, 'order').current()).ids).toEqual(ids);
    storage.setItem('order', '{"position":"3"');
    expect((await new AccountOrder(system.accounts.log, storage, 'order').current()).ids).toEqual(ids);
    await system.stop();
  });

  it('keeps nothing without a storage, and still lists every account', async () => {
    const { system, ids } = await bankWithAccounts(['A']);
    expect((await new AccountOrder(system.accounts.log, undefined, 'order').current()).ids).toEqual(ids);
    await system.stop();
  });
});

describe('liveAccounts over a stored order', () => {
  it('lists the accounts in opening order, follows new ones and keeps the order for the next start', async () => {
    const { system, ids } = await bankWithAccounts(['A', 'B']);
    const storage = new MapStorage();
    const live = liveAccounts(system.accounts, new AccountOrder(system.accounts.log, storage, 'order'));
    const shown = firstValueFrom(live.pipe(filter((accounts) => accounts.length === 3)));
    const c = await system.accounts.openAccount({ name: 'C' });
    expect((await shown).map((account) => account.id)).toEqual([...ids, c]);
    const head = await system.accounts.log.maxNotificationId();
    // Kept after the task that showed it, not before.
    const kept = () => JSON.parse(storage.getItem('order') ?? '{}') as { ids: string[]; position: number };
    expect(kept().position).toBeLessThan(head);
    await vi.waitFor(() => expect(kept().position).toBe(head));
    expect(kept().ids).toEqual([...ids, c]);
    await system.stop();
  });

  it('starts again from the log when a stored account cannot be found', async () => {
    const { system, ids } = await bankWithAccounts(['A', 'B']);
    const storage = new MapStorage();
    const order = new AccountOrder(system.accounts.log, storage, 'order');
    const state = await order.current();
    storage.setItem('order', JSON.stringify({ ...state, ids: [...state.ids, crypto.randomUUID()] }));
    const accounts = await firstValueFrom(liveAccounts(system.accounts, order));
    expect(accounts.map((account) => account.id)).toEqual(ids);
    await system.stop();
  });
});
