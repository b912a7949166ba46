import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHeadEvents } from './fixtures/head-events';
import { readWholeLog, requestClient, requestsOf } from './fixtures/request-wire';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';
import { freshPostgresDatabase } from './fixtures/storages';

describe('Sync server v2 › several instances on one PostgreSQL', () => {
  const running: ServerProcess[] = [];
  const folders: string[] = [];

  afterAll(async () => {
    for (const server of running) await server.kill('SIGKILL');
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('given a subscriber of instance 2, when a device pushes through instance 1, then the new head reaches it within a second, every time', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const dataDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'sync-instances-v2-')));
    folders.push(...dataDirs);
    const [first, second] = await Promise.all(dataDirs.map((dataDir) => startServerProcess({ dataDir, databaseUrl })));
    if (first === undefined || second === undefined) throw new Error('servers did not start');
    running.push(first, second);
    const token = first.firstToken ?? second.firstToken ?? '';
    const events = await openHeadEvents(second.url, token);
    await events.reach(0);
    const phone = requestClient(first.url, token);

    const delays: number[] = [];
    for (let round = 1; round <= 10; round++) {
      const pushed = performance.now();
      expect((await phone.push(requestsOf('phone', 5, (round - 1) * 5 + 1))).status).toBe(200);
      await events.reach(round * 5, 1_000);
      delays.push(Math.round(performance.now() - pushed));
    }
    console.log(`head through LISTEN/NOTIFY to the other instance: ${delays.join(', ')} ms after each push began`);
    expect(events.heads).toEqual(Array.from({ length: 11 }, (_, index) => index * 5));

    // Both instances serve the same log, and pushes through both share one seq.
    await requestClient(second.url, token).push(requestsOf('laptop', 3));
    await events.reach(53, 1_000);
    const [viaFirst, viaSecond] = await Promise.all([readWholeLog(first.url, token), readWholeLog(second.url, token)]);
    expect(viaFirst).toEqual(viaSecond);
    expect(viaFirst.map((entry) => entry.seq)).toEqual(Array.from({ length: 53 }, (_, index) => index + 1));
    events.close();
  });
});
