// Run in Node with `npm run bench:checkpoints`: what the divergence check's checkpoints cost the derivation, on
// fake-indexeddb (so the ratio, not the milliseconds, is the figure: a browser's IndexedDB is several times slower,
// which makes the checkpoints' share smaller still).
import 'fake-indexeddb/auto';
import { createBankApplications, createBankSystem } from '../../src/bank';
import { dexiePersistence } from '../../src/eventsourcing';
import { recordRequests } from '../request-script';
import { median, round, time } from '../result';

const REQUESTS = 10_000;
const INTERVAL = 100;
const ROUNDS = Number(process.env.CHECKPOINT_ROUNDS ?? 3);

let stores = 0;

/**
 * A fresh device deriving the request script's `REQUESTS` requests recorded through its own `Commands`, from
 * `createBankSystem` until `settled()`, with a checkpoint every `interval` requests or none; the milliseconds.
 */
async function derive(interval: number | undefined): Promise<number> {
  const persistence = dexiePersistence({ prefix: `checkpoint-cost-${++stores}` });
  const recording = createBankApplications({ persistence });
  const totals = await recordRequests(recording.commands, REQUESTS);
  await Promise.all(recording.system.applications.map((application) => application.close()));
  const options = interval === undefined ? {} : { checkpointInterval: interval };
  let checkpoints = 0;
  const elapsed = await time(async () => {
    const system = await createBankSystem({ persistence, runner: 'rx', ...options });
    await system.settled();
    const ledger = await system.ledger.getBalance();
    if (ledger !== totals.deposited) throw new Error(`the ledger holds ${ledger}, not ${totals.deposited}`);
    checkpoints = (await system.checkpoints?.log.maxNotificationId()) ?? 0;
    await system.stop();
  });
  if (interval !== undefined && checkpoints !== REQUESTS / interval) {
    throw new Error(`${checkpoints} checkpoints were taken, not ${REQUESTS / interval}`);
  }
  return elapsed;
}

const without: number[] = [];
const withCheckpoints: number[] = [];
// Alternating, so that a machine getting busier or quieter weighs on both alike.
for (let index = 0; index < ROUNDS; index++) {
  without.push(await derive(undefined));
  withCheckpoints.push(await derive(INTERVAL));
}
const [plain, checked] = [median(without), median(withCheckpoints)];
console.log(
  JSON.stringify(
    {
      name: 'derive-with-checkpoints-vs-without',
      description: `a fresh device (Dexie on fake-indexeddb, rx runner) deriving ${REQUESTS.toLocaleString('en-US')} requests of the request script, with a checkpoint every ${INTERVAL} requests vs none; median of ${ROUNDS}, alternating`,
      value: round(checked, 1),
      unit: 'ms',
      baseline: round(plain, 1),
      ratio: round(plain / checked, 3),
      rounds: { without, with: withCheckpoints },
    },
    null,
    2,
  ),
);
