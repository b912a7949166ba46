import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { memoryPersistence } from '../../src/eventsourcing';
import { accountHistory } from '../../src/ui';
import { liveAccountHistory, type AccountHistory } from '../../src/ui/state/live-account-history';

/** The history as the whole transaction log gives it (what the account page read before), without positions. */
async function fromWholeLog(system: Awaited<ReturnType<typeof createBankSystem>>, accountId: string) {
  const entries = (await system.transactionLog.getTransactions()).map((entry, index) => ({
    ...entry,
    position: index,
  }));
  return accountHistory(entries, accountId).map(({ entry: { position: _, ...entry }, balanceAfter }) => ({
    entry,
    balanceAfter,
  }));
}

function withoutPositions(history: AccountHistory) {
  return history.lines.map(({ entry: { position: _, ...entry }, balanceAfter }) => ({ entry, balanceAfter }));
}

describe('liveAccountHistory', () => {
  it('gives the lines and balances the whole transaction log gives, newest page first, older pages behind it', async () => {
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const a = await system.accounts.openAccount({ name: 'A', openingBalance: 5_000 });
    const b = await system.accounts.openAccount({ name: 'B', overdraftLimit: 1_000 });
    // More than one page of events for A: deposits, transfers both ways, refused transfers, limits.
    for (let index = 0; index < 180; index++) {
      if (index % 4 === 0) await system.commands.depositFunds(a, 100 + index, { note: `Deposit ${index}` });
      else if (index % 4 === 1) await system.commands.transferFunds(a, b, 250);
      else if (index % 4 === 2) await system.commands.transferFunds(b, a, index % 3 === 0 ? 1_000_000 : 75);
      else await system.accounts.setOverdraftLimit(a, index);
    }
    await system.settled();
    const seen: AccountHistory[] = [];
    const complete = await firstValueFrom(
      liveAccountHistory(system.accounts, system.commands, a).pipe(
        filter((history) => {
          seen.push(history);
          return history.complete;
        }),
      ),
    );
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]?.complete).toBe(false);
    expect(withoutPositions(complete)).toEqual(await fromWholeLog(system, a));
    expect(complete.lines.at(-1)?.balanceAfter).toBe((await system.accounts.getAccount(a)).balance);
    // The requests behind the lines, by their transaction ids.
    const transfer = complete.lines.find((line) => line.entry.kind === 'debit')?.entry.transactionId ?? '';
    expect(complete.requests.get(transfer)).toMatchObject({ kind: 'transfer', debitAccountId: a, creditAccountId: b });
    await system.stop();
  });

  it('adds the lines the account gains later, with their balances', async () => {
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const a = await system.accounts.openAccount({ name: 'A' });
    await system.commands.depositFunds(a, 1_000);
    await system.settled();
    const live = liveAccountHistory(system.accounts, system.commands, a);
    const later = firstValueFrom(live.pipe(filter((history) => history.lines.length === 4)));
    await firstValueFrom(live.pipe(filter((history) => history.complete)));
    await system.commands.withdrawFunds(a, 300, { note: 'Cash' });
    await system.commands.depositFunds(a, 50);
    await system.settled();
    const history = await later;
    expect(history.lines.map((line) => [line.entry.kind, line.balanceAfter])).toEqual([
      ['opening', 0],
      ['credit', 1_000],
      ['debit', 700],
      ['credit', 750],
    ]);
    expect(history.lines[2]?.entry.note).toBe('Cash');
    await system.stop();
  });

  it('is empty and complete for an account not opened (yet)', async () => {
    const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const history = await firstValueFrom(liveAccountHistory(system.accounts, system.commands, crypto.randomUUID()));
    expect(history).toMatchObject({ lines: [], complete: true });
    await system.stop();
  });
});
