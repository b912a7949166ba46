import Dexie from 'dexie';
import { Application, DexieRecorder, type StoredEvent } from '../src/eventsourcing';
import { Tally } from '../test/fixtures/tally';
import { median, round, time, type BenchResult } from './result';

/**
 * Our Dexie recorder against raw Dexie writing the same records with the same schema and durability, and loading
 * a long aggregate from its snapshot against a full replay. Each comparison alternates the two sides over several
 * rounds, on fresh databases, and compares medians: the machine is noisy and shared by two cores.
 */
export async function recorderBenchmarks(
  rounds: number,
  progress: (line: string) => void = () => undefined,
): Promise<BenchResult[]> {
  progress('recorder: batched appends…');
  const batched = await compare(rounds, 10_000, 100);
  progress('recorder: single appends…');
  const single = await compare(rounds, 1_000, 1);
  progress('recorder: snapshot against replay…');
  const load = await snapshotAgainstReplay(rounds, 10_000);
  progress('recorder: reading a log of 100,000…');
  const log = await readLog(rounds, 100_000, 1_000);
  return [
    {
      name: 'append-batched-vs-raw-dexie',
      description: '10,000 events, 100 per Application.save (aggregates, mapper, DexieRecorder) vs raw Dexie bulkAdd',
      value: round(batched.application),
      unit: 'ms',
      baseline: round(batched.raw),
      ratio: round(batched.raw / batched.application, 3),
    },
    {
      name: 'append-single-vs-raw-dexie',
      description: '1,000 Application.save of one event vs 1,000 raw Dexie transactions of one add',
      value: round(single.application),
      unit: 'ms',
      baseline: round(single.raw),
      ratio: round(single.raw / single.application, 3),
    },
    {
      name: 'append-batched-recorder-vs-raw-dexie',
      description: '10,000 events, 100 per DexieRecorder.insert vs raw Dexie bulkAdd of the same records',
      value: round(batched.ours),
      unit: 'ms',
      baseline: round(batched.raw),
      ratio: round(batched.raw / batched.ours, 3),
    },
    {
      name: 'append-single-recorder-vs-raw-dexie',
      description: '1,000 DexieRecorder.insert of one event vs 1,000 raw Dexie transactions of one add',
      value: round(single.ours),
      unit: 'ms',
      baseline: round(single.raw),
      ratio: round(single.raw / single.ours, 3),
    },
    {
      name: 'load-snapshot-vs-replay',
      description: 'load an aggregate of 10,000 events: from its snapshot vs full replay',
      value: round(load.snapshot, 2),
      unit: 'ms',
      baseline: round(load.replay, 2),
      ratio: round(load.replay / load.snapshot, 1),
    },
    {
      name: 'load-100k-log-ms',
      description:
        'read a 100,000-event notification log in pages of 1,000: NotificationLog.select vs raw Dexie paging',
      value: round(log.ours),
      unit: 'ms',
      baseline: round(log.raw),
      ratio: round(log.raw / log.ours, 3),
    },
  ];
}

let databases = 0;

function databaseName(kind: string): string {
  databases++;
  return `bench-${kind}-${Date.now().toString(36)}-${databases}`;
}

/** Raw Dexie with our recorder's schema and durability: the floor we compare against. */
function rawDexie(): Dexie {
  const db = new Dexie(databaseName('raw'), { chromeTransactionDurability: 'strict' });
  db.version(1).stores({
    events: '++id, &[originatorId+originatorVersion]',
    snapshots: '[originatorId+originatorVersion]',
    tracking: 'upstreamName',
  });
  return db;
}

function events(count: number, aggregates = 100): StoredEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    originatorId: `aggregate-${index % aggregates}`,
    originatorVersion: Math.floor(index / aggregates) + 1,
    type: 'TallyAdded',
    schemaVersion: 1,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, index)).toISOString(),
    data: { amount: index, note: 'x'.repeat(64) },
  }));
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

async function compare(rounds: number, count: number, perTransaction: number) {
  const ours: number[] = [];
  const raw: number[] = [];
  const application: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const records = batches(events(count), perTransaction);

    const db = rawDexie();
    await db.open();
    const table = db.table('events');
    raw.push(
      await time(async () => {
        for (const batch of records) {
          if (batch.length === 1) await db.transaction('rw', table, () => table.add({ ...batch[0] }));
          else await db.transaction('rw', table, () => table.bulkAdd(batch.map((event) => ({ ...event }))));
        }
      }),
    );
    db.close();

    const recorder = new DexieRecorder({ databaseName: databaseName('ours') });
    await recorder.maxNotificationId();
    ours.push(
      await time(async () => {
        for (const batch of records) await recorder.insert(batch.map((event) => ({ ...event })));
      }),
    );
    await recorder.close();

    const app = new Application({ name: 'bench', persistence: persistenceOn(databaseName('app')) });
    const tallies = Array.from({ length: 100 }, (_, index) => Tally.start(`tally-${index}`, `Tally ${index}`));
    await app.save(...tallies);
    application.push(
      await time(async () => {
        for (let saved = 0; saved < count; saved += perTransaction) {
          const touched = new Set<Tally>();
          for (let index = 0; index < perTransaction; index++) {
            const tally = tallies[(saved + index) % 100];
            tally?.add(saved + index);
            if (tally !== undefined) touched.add(tally);
          }
          await app.save(...touched);
        }
      }),
    );
    await app.close();
  }
  return { ours: median(ours), raw: median(raw), application: median(application) };
}

async function snapshotAgainstReplay(rounds: number, count: number) {
  const app = new Application({ name: 'bench', persistence: persistenceOn(databaseName('load')) });
  const tally = Tally.start('long', 'Long');
  await app.save(tally);
  for (let saved = 1; saved < count; saved += 500) {
    for (let index = 0; index < 500 && saved + index < count; index++) tally.add(saved + index);
    await app.save(tally);
  }
  const withSnapshot: number[] = [];
  const withoutSnapshot: number[] = [];
  for (let round = 0; round < rounds * 3; round++) {
    await app.takeSnapshot(Tally, 'long');
    withSnapshot.push(await time(() => app.repository.get(Tally, 'long')));
    await app.recorder.deleteSnapshots();
    withoutSnapshot.push(await time(() => app.repository.get(Tally, 'long')));
  }
  const loaded = await app.repository.get(Tally, 'long');
  if (loaded.version !== count) throw new Error(`Expected version ${count}, loaded ${loaded.version}`);
  await app.close();
  return { snapshot: median(withSnapshot), replay: median(withoutSnapshot) };
}

/** Pages through a long log with our notification log (upcasting included) and with raw Dexie. */
async function readLog(rounds: number, count: number, pageSize: number) {
  const name = databaseName('log');
  const recorder = new DexieRecorder({ databaseName: name });
  // The baseline reads the same records from a database of its own, with the plainest schema.
  const db = new Dexie(databaseName('log-raw'));
  db.version(1).stores({ events: '++id, &[originatorId+originatorVersion]' });
  const table = db.table<{ id: number }, number>('events');
  for (const batch of batches(events(count, 1_000), 1_000)) {
    await recorder.insert(batch);
    await db.transaction('rw', table, () => db.table('events').bulkAdd([...batch]));
  }
  await recorder.close();
  const app = new Application({ name: 'bench', persistence: persistenceOn(name) });
  const ours: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < Math.max(1, Math.min(rounds, 3)); round++) {
    let read = 0;
    ours.push(
      await time(async () => {
        for (let start = 1; ;) {
          const page = await app.log.select(start, pageSize);
          read += page.length;
          const last = page.at(-1);
          if (last === undefined) break;
          start = last.id + 1;
        }
      }),
    );
    raw.push(
      await time(async () => {
        for (let after = 0; ;) {
          const page = await table.where('id').above(after).limit(pageSize).toArray();
          const last = page.at(-1);
          if (last === undefined) break;
          after = last.id;
        }
      }),
    );
    if (read !== count) throw new Error(`Read ${read} of ${count} notifications`);
  }
  db.close();
  await app.close();
  return { ours: median(ours), raw: median(raw) };
}

function persistenceOn(name: string) {
  return { description: name, sharedName: name, recorder: () => new DexieRecorder({ databaseName: name }) };
}
