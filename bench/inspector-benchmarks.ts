import { createBankApplications, type BankApplications } from '../src/bank';
import { RequestInspector } from '../src/bank/request-inspector';
import { dexiePersistence } from '../src/eventsourcing';
import { median, round, time, type BenchResult } from './result';

/** Requests in the bank the inspector reads. */
const REQUESTS = 100_000;
const ACCOUNTS = 20;
/** Requests recorded at once (one group commit), and derived per batch, while the bank is built. */
const CHUNK = 1_000;

/**
 * The inspector on real IndexedDB with 100,000 requests: the first page (25 requests, newest first, with every
 * event they caused and their outcomes), a page half-way down the log, a page filtered by one account, and this
 * device's pending requests, each read by a fresh `RequestInspector` on applications just opened, median of the
 * rounds. The bank is built once, derived in batches of 1,000 (a few minutes on a busy machine).
 */
export async function inspectorBenchmarks(rounds: number, log: (line: string) => void): Promise<BenchResult[]> {
  const prefix = `bench-inspector-${Date.now()}`;
  const build = createBankApplications({ persistence: dexiePersistence({ prefix }) });
  const built = await time(() => buildBank(build, log));
  const accountIds = (await build.accounts.listAccounts()).map((account) => account.id);
  await closeAll(build);
  log(`inspector: ${REQUESTS.toLocaleString('en-US')} requests built and derived in ${Math.round(built / 1000)} s`);

  const samples = { first: [] as number[], deep: [] as number[], filtered: [] as number[], pending: [] as number[] };
  for (let index = 0; index < Math.max(3, rounds); index++) {
    const bank = createBankApplications({ persistence: dexiePersistence({ prefix }) });
    try {
      const first = await timed(() => new RequestInspector(bank).page({ limit: 25 }));
      if (first.result.requests.length !== 25 || first.result.requests[0]?.events === null) {
        throw new Error('The first page does not hold 25 traced requests');
      }
      samples.first.push(first.ms);
      samples.deep.push((await timed(() => new RequestInspector(bank).page({ limit: 25, before: REQUESTS / 2 }))).ms);
      const accountId = accountIds[7] ?? '';
      samples.filtered.push(
        (await timed(() => new RequestInspector(bank).page({ limit: 25, filter: { accountId } }))).ms,
      );
      samples.pending.push((await timed(() => new RequestInspector(bank).pending())).ms);
    } finally {
      await closeAll(bank);
    }
  }
  const figure = (name: string, values: readonly number[], description: string): BenchResult => ({
    name,
    description,
    value: round(median(values), 1),
    unit: 'ms',
  });
  return [
    figure(
      'inspector-first-page-ms',
      samples.first,
      `the inspector's first page (the 25 newest requests with their outcomes, events in each application, balances after) of a bank of ${REQUESTS.toLocaleString('en-US')} requests on IndexedDB, read by a new RequestInspector on applications just opened, median`,
    ),
    figure('inspector-deep-page-ms', samples.deep, 'the same, 25 requests half-way down the log (before = 50,000)'),
    figure(
      'inspector-filtered-page-ms',
      samples.filtered,
      `the 25 newest requests of one account of ${ACCOUNTS}, scanning the log newest first`,
    ),
    figure('inspector-pending-ms', samples.pending, 'this device’s pending requests (none: all derived)'),
  ];
}

/**
 * Opens the accounts, then records deposits, withdrawals (some refused) and transfers (some to a closed account,
 * refused and refunded) in chunks, deriving each chunk.
 */
async function buildBank(bank: BankApplications, log: (line: string) => void): Promise<void> {
  const { commands, derivation } = bank;
  const ids: string[] = [];
  for (let index = 0; index < ACCOUNTS; index++) ids.push(await commands.openAccount({ name: `Account ${index}` }));
  const closed = await commands.openAccount({ name: 'Closed' });
  await commands.closeAccount(closed);
  let recorded = ACCOUNTS + 2;
  let step = 0;
  while (recorded < REQUESTS) {
    const size = Math.min(CHUNK, REQUESTS - recorded);
    await Promise.all(
      Array.from({ length: size }, () => {
        const at = step++;
        const account = ids[at % ACCOUNTS] ?? '';
        const other = ids[(at * 7 + 3) % ACCOUNTS] ?? '';
        if (at % 4 === 0) return commands.depositFunds(account, 1_000 + (at % 500));
        if (at % 4 === 1) return commands.withdrawFunds(account, at % 40 === 1 ? 10_000_000 : 300);
        if (at % 50 === 2) return commands.transferFunds(account, closed, 200);
        return commands.transferFunds(account, account === other ? (ids[(at + 1) % ACCOUNTS] ?? '') : other, 250);
      }),
    );
    recorded += size;
    while ((await derivation.pull(commands, CHUNK)) > 0);
    if (recorded % 10_000 < CHUNK) log(`inspector: ${recorded.toLocaleString('en-US')} requests derived`);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

async function closeAll(bank: BankApplications): Promise<void> {
  await Promise.all(bank.system.applications.map((application) => application.close()));
}
