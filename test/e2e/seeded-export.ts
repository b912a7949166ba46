import { writeFileSync } from 'node:fs';
import { createBankSystem, type BankSystem } from '../../src/bank';
import { memoryPersistence } from '../../src/eventsourcing';
import { exportEventLog } from '../../src/ui';

/**
 * Writes an export file of a bank with `accounts` accounts and at least `events` stored events in all once derived
 * (deposits and transfers between the accounts, every fifth one refused); returns how many events that is. Made in
 * Node on memory storage with the synchronous runner: the fast way to give a browser profile a large bank (it is imported through the app).
 */
export async function writeSeededExport(path: string, accounts: number, events: number): Promise<number> {
  const persistence = memoryPersistence();
  const system = await createBankSystem({ persistence, runner: 'sync' });
  try {
    const ids: string[] = [];
    for (let index = 0; index < accounts; index++) {
      ids.push(await system.accounts.openAccount({ name: `Account ${String(index + 1).padStart(2, '0')}` }));
    }
    const account = (index: number) => ids[index % ids.length] ?? '';
    let total = 0;
    for (let step = 0; total < events; step++) {
      if (step % 3 === 0) {
        await system.commands.depositFunds(account(step), 10_000 + (step % 97) * 13);
      } else {
        // A transfer of more than the account holds now and then: the refused ones end failed.
        await system.commands.transferFunds(account(step), account(step + 7), step % 5 === 0 ? 10_000_000 : 1_234);
      }
      if (step % 50 === 0) total = await countEvents(system);
    }
    await system.settled();
    const file = await exportEventLog(system, 'seeded');
    writeFileSync(path, JSON.stringify(file));
    return await countEvents(system);
  } finally {
    await system.stop();
  }
}

/**
 * Writes an export file of the bank `build` makes (in Node, on memory storage, with the synchronous runner), its
 * requests recorded under `rulesVersion` (this code's by default; an older one makes the bank an older app made).
 */
export async function writeBankExport(
  path: string,
  build: (system: BankSystem) => Promise<void>,
  options: { readonly rulesVersion?: number } = {},
): Promise<void> {
  const system = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync', ...options });
  try {
    await build(system);
    await system.settled();
    writeFileSync(path, JSON.stringify(await exportEventLog(system, 'seeded')));
  } finally {
    await system.stop();
  }
}

async function countEvents(system: Awaited<ReturnType<typeof createBankSystem>>): Promise<number> {
  const heads = await Promise.all(
    [system.commands, system.sagas, system.accounts, system.ledger, system.transactionLog].map((application) =>
      application.log.maxNotificationId(),
    ),
  );
  return heads.reduce((sum, head) => sum + head, 0);
}
