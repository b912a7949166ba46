import { concatMap, filter, firstValueFrom, timeout } from 'rxjs';
import { createBankApplications, createBankSystem, type BankSystem, type VaultLogState } from '../src/bank';
import { dexiePersistence } from '../src/eventsourcing';
import {
  GENESIS_LINK,
  RequestApi,
  chainLinks,
  importVaultKey,
  parseRecoveryCode,
  verifyPage,
  type BankSync,
  type LogEntry,
} from '../src/sync';
import { JOIN_REQUESTS, type BenchVaults } from './bench-vaults';
import { median, round, time, type BenchResult } from './result';
import { recordRequests } from './request-script';

const DEVICE_SAMPLES = 20;
const WARM_UPS = 2;

let devices = 0;

/**
 * Multi-device sync in the page, on real IndexedDB, against the sync server of `vaults` (another origin): a new
 * device joining a vault of `JOIN_REQUESTS` requests against the same device deriving as many requests recorded
 * locally; pulling and verifying that vault without deriving it; and the time from one device's deposit to another
 * device's new balance, both online.
 */
export async function deviceSyncBenchmarks(rounds: number, vaults: BenchVaults): Promise<BenchResult[]> {
  const joins: number[] = [];
  const locals: number[] = [];
  const verifies: number[] = [];
  const chains: number[] = [];
  // A join and its baseline take tens of seconds each: two rounds of them, three of the verification.
  for (let round = 0; round < Math.max(1, Math.min(rounds, 3)); round++) {
    if (round < 2) {
      joins.push(await joinVault(vaults));
      locals.push(await deriveLocally());
    }
    const verified = await pullAndVerify(vaults);
    verifies.push(verified.ms);
    chains.push(verified.chainMs);
  }
  const latencies = await depositToOtherDevice(vaults);
  const rate = (ms: number) => Math.round((JOIN_REQUESTS / ms) * 1000);
  const count = JOIN_REQUESTS.toLocaleString('en-US');
  const [join, local, verify, chain] = [median(joins), median(locals), median(verifies), median(chains)];
  const percent = (ms: number) => Math.round((ms / join) * 1000) / 10;
  return [
    {
      name: 'join-requests-per-second',
      description: `a new device (Dexie, rx runner) joining a vault of ${count} requests (openings, deposits, transfers) recorded and synced by its first device in Node: from createBankSystem with the recovery code until syncNow() resolves (pulled, verified, kept and derived), checked against the first device's balances; target ≥ 1,000/s; baseline: a fresh device deriving the same script's ${count} requests recorded through its own Commands (its own sequencer), from createBankSystem until settled(); median of ${joins.length}`,
      value: rate(join),
      unit: 'requests/s',
      baseline: rate(local),
      ratio: round(local / join, 3),
    },
    {
      name: 'verify-requests-per-second',
      description: `pulling the same vault with RequestApi.log (pages of 1,000) and verifyPage over each page (seq, positions, hash chain, open, seen links), nothing kept or derived: ${percent(verify)} % of joining (target ≤ 10 %), of which the hash chain alone (chainLinks over the ${count} entries) ${percent(chain)} %; baseline: join-requests-per-second; median of ${verifies.length}`,
      value: rate(verify),
      unit: 'requests/s',
      baseline: rate(join),
      ratio: round(join / verify, 3),
    },
    {
      name: 'device-to-device-ms',
      description: `two devices of one vault in this page (Dexie, rx runner, both online): from device A's commands.depositFunds to device B's new balance, B hearing of it through the server's event stream (no syncNow() on B), median of ${DEVICE_SAMPLES} after ${WARM_UPS} warm-ups`,
      value: round(median(latencies), 1),
      unit: 'ms',
    },
  ];
}

/** A new device joining the vault of `JOIN_REQUESTS` requests; the milliseconds until it has derived all of it. */
async function joinVault(vaults: BenchVaults): Promise<number> {
  const { url, join } = vaults;
  const persistence = dexiePersistence({ prefix: `bench-join-${++devices}` });
  let system: (BankSystem & { sync: BankSync }) | undefined;
  const elapsed = await time(async () => {
    system = synced(await createBankSystem({ persistence, runner: 'rx', sync: { url, ...join } }));
    await system.sync.syncNow();
  });
  if (system === undefined) throw new Error('no device joined');
  try {
    for (const [account, balance] of Object.entries(join.balances)) {
      const derived = await system.accounts.getBalance(account);
      if (derived !== balance)
        throw new Error(`account ${account} holds ${derived} here, ${balance} on the first device`);
    }
    const ledger = await system.ledger.getBalance();
    if (ledger !== join.ledger) throw new Error(`the ledger holds ${ledger} here, ${join.ledger} on the first device`);
  } finally {
    await system.stop();
  }
  return elapsed;
}

/** A fresh device recording the request script through its own `Commands`; the milliseconds its bank takes to derive it. */
async function deriveLocally(): Promise<number> {
  const persistence = dexiePersistence({ prefix: `bench-local-${++devices}` });
  // Recorded with no follower running, so that the timing below is the derivation of all of them.
  const recording = createBankApplications({ persistence });
  const totals = await recordRequests(recording.commands, JOIN_REQUESTS);
  await Promise.all(recording.system.applications.map((application) => application.close()));
  let system: BankSystem | undefined;
  const elapsed = await time(async () => {
    system = await createBankSystem({ persistence, runner: 'rx' });
    await system.settled();
  });
  if (system === undefined) throw new Error('no device started');
  try {
    const ledger = await system.ledger.getBalance();
    if (ledger !== totals.deposited) throw new Error(`the ledger holds ${ledger}, not ${totals.deposited}`);
  } finally {
    await system.stop();
  }
  return elapsed;
}

/** Pulls and verifies the whole vault as a device would, keeping only what the next page's checks need. */
async function pullAndVerify(vaults: BenchVaults): Promise<{ ms: number; chainMs: number }> {
  const { url, join } = vaults;
  const api = new RequestApi({ url, token: join.token });
  const key = await importVaultKey(parseRecoveryCode(join.recoveryCode));
  const vaultId = join.token.slice(0, join.token.indexOf('.'));
  const links = new Map<number, string>();
  const entries: LogEntry[] = [];
  const ms = await time(async () => {
    let state: VaultLogState = { head: 0, link: '', positions: {} };
    for (;;) {
      const page = await api.log(state.head, 1_000);
      const verified = await verifyPage(state, page.entries, {
        key,
        vaultId,
        deviceId: 'bench-verifier',
        handover: 0,
        linkAt: (seq) => Promise.resolve(links.get(seq)),
      });
      const positions = { ...state.positions };
      for (const entry of verified) {
        links.set(entry.seq, entry.link);
        positions[entry.deviceId] = entry.position;
      }
      entries.push(...page.entries);
      const last = verified.at(-1);
      if (last !== undefined) state = { head: last.seq, link: last.link, positions };
      if (page.next === null || last === undefined) break;
    }
  });
  if (entries.length !== JOIN_REQUESTS) throw new Error(`verified ${entries.length} requests, not ${JOIN_REQUESTS}`);
  const chainMs = await time(() => chainLinks(GENESIS_LINK, entries));
  return { ms, chainMs };
}

/**
 * Two devices of the empty vault: A opens an account and syncs, B joins with A's recovery code; then A deposits
 * while B, online, follows the server's event stream by itself. The milliseconds from each deposit to B's balance.
 */
async function depositToOtherDevice(vaults: BenchVaults): Promise<number[]> {
  const { url, live } = vaults;
  const a = synced(
    await createBankSystem({
      persistence: dexiePersistence({ prefix: `bench-device-a-${++devices}` }),
      runner: 'rx',
      sync: { url, token: live.token },
    }),
  );
  let b: (BankSystem & { sync: BankSync }) | undefined;
  try {
    const account = await a.commands.openAccount({ name: 'Shared' });
    await a.sync.syncNow();
    b = synced(
      await createBankSystem({
        persistence: dexiePersistence({ prefix: `bench-device-b-${++devices}` }),
        runner: 'rx',
        sync: { url, token: live.token, recoveryCode: await a.sync.recoveryCode() },
      }),
    );
    // B's first sync is how it joins; from here on it syncs only by itself.
    await b.sync.syncNow();
    let expected = await b.accounts.getBalance(account);
    const latencies: number[] = [];
    for (let sample = 0; sample < WARM_UPS + DEVICE_SAMPLES; sample++) {
      const amount = 100 + sample;
      expected += amount;
      const shown = balanceReaches(b, account, expected, sample < WARM_UPS ? 60_000 : 15_000);
      const elapsed = await time(async () => {
        await a.commands.depositFunds(account, amount);
        await shown;
      });
      if (sample >= WARM_UPS) latencies.push(elapsed);
      // A's own round (pulling back and deriving its deposit) ends before the next sample.
      await a.sync.syncNow();
    }
    return latencies;
  } finally {
    await b?.stop();
    await a.stop();
  }
}

/** Resolves once `account` holds `balance` on `system`, read after each commit of its accounts. */
function balanceReaches(system: BankSystem, account: string, balance: number, withinMs: number): Promise<number> {
  return firstValueFrom(
    system.accounts.log.head$.pipe(
      concatMap(() => system.accounts.getBalance(account)),
      filter((held) => held === balance),
      timeout({ first: withinMs }),
    ),
  );
}

function synced(system: BankSystem): BankSystem & { sync: BankSync } {
  if (system.sync === undefined) throw new Error('the bank system has no sync');
  return system as BankSystem & { sync: BankSync };
}
