import { createBankApplications, type BankApplications } from '../src/bank';
import { dexiePersistence } from '../src/eventsourcing';

/** What `seedHistory` wrote. */
export interface SeededHistory {
  /** Events stored in all the bank's applications (requests, derived events, the derivation's trail). */
  readonly events: number;
  readonly requests: number;
  readonly ms: number;
}

const NOTES = ['Café au lait', 'Rent', 'Groceries', 'Salary', 'Crème brûlée', 'Books', 'Train ticket', 'Électricité'];

/**
 * Writes a bank of `accounts` accounts and at least `events` stored events into the databases `prefix`-* of this
 * origin, with the bank's own applications and derivation (as `createBankSystem` wires them): requests recorded by
 * `Commands` in groups of `chunk` (one group commit each), each group then derived in batches of `chunk`. Deposits,
 * and transfers between the accounts, one in five of them more than the account holds (refused); every request
 * carries a note. Bundled for the built app's origin by the history benchmark, and run there before the app starts.
 */
export async function seedHistory(options: {
  readonly prefix: string;
  readonly accounts: number;
  readonly events: number;
  readonly chunk?: number;
  readonly log?: (line: string) => void;
}): Promise<SeededHistory> {
  const { prefix, accounts, events, chunk = 1_000, log } = options;
  const started = performance.now();
  const bank = createBankApplications({ persistence: dexiePersistence({ prefix }) });
  const { commands } = bank;
  try {
    const ids: string[] = [];
    for (let index = 0; index < accounts; index++) {
      ids.push(await commands.openAccount({ name: `Account ${String(index + 1).padStart(2, '0')}` }));
    }
    await derive(bank, chunk);
    const account = (index: number) => ids[index % ids.length] ?? '';
    let requests = accounts;
    let stored = await countEvents(bank);
    let nextLog = 100_000;
    for (let step = 0; stored < events;) {
      // Roughly 8 events a request: a chunk that would overshoot a small target is made smaller.
      const size = Math.max(1, Math.min(chunk, Math.ceil((events - stored) / 8)));
      await Promise.all(
        Array.from({ length: size }, () => {
          const at = step++;
          const note = NOTES[at % NOTES.length] ?? '';
          if (at % 3 === 0) return commands.depositFunds(account(at), 10_000 + (at % 97) * 13, { note });
          return commands.transferFunds(account(at), account(at + 7), at % 5 === 0 ? 10_000_000 : 1_234, { note });
        }),
      );
      requests += size;
      await derive(bank, chunk);
      stored = await countEvents(bank);
      if (stored >= nextLog) {
        log?.(`${stored.toLocaleString('en-US')} events in ${Math.round((performance.now() - started) / 1000)} s`);
        nextLog += 100_000;
      }
    }
    return { events: stored, requests, ms: performance.now() - started };
  } finally {
    await Promise.all(bank.system.applications.map((application) => application.close()));
  }
}

async function derive(bank: BankApplications, chunk: number): Promise<void> {
  while ((await bank.derivation.pull(bank.commands, chunk)) > 0);
}

async function countEvents(bank: BankApplications): Promise<number> {
  const heads = await Promise.all(bank.system.applications.map((application) => application.log.maxNotificationId()));
  return heads.reduce((sum, head) => sum + head, 0);
}
