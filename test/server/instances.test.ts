import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Application } from '../../src/eventsourcing';
import { addTallies, device, pullAll } from './fixtures/devices';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';
import { freshPostgresDatabase } from './fixtures/storages';

describe('Several server instances on one PostgreSQL', () => {
  const running: ServerProcess[] = [];
  const folders: string[] = [];

  afterEach(async () => {
    for (const server of running.splice(0)) await server.kill('SIGKILL');
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('given two instances started at once, then one creates the first vault, and pushes through both share one seq', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const dataDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'sync-instance-')));
    folders.push(...dataDirs);
    const servers = await Promise.all(dataDirs.map((dataDir) => startServerProcess({ dataDir, databaseUrl })));
    running.push(...servers);
    const tokens = servers.map((server) => server.firstToken).filter((token) => token !== undefined);
    expect(tokens).toHaveLength(1);
    const token = tokens[0] ?? '';

    await Promise.all(
      servers.map(async (server, index) => {
        const phone = device(`device-${index}`);
        const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
        await addTallies(tallies, [`tally-${index}`], 300);
        await phone.client({ url: server.url, token, applications: [tallies], batchSize: 20 }).syncNow();
      }),
    );

    const [first, second] = await Promise.all(servers.map((server) => pullAll(server.url, token)));
    expect(first).toEqual(second);
    expect(first?.map((event) => event.seq)).toEqual(Array.from({ length: 602 }, (_, index) => index + 1));
    for (const deviceId of ['device-0', 'device-1']) {
      const positions = first?.filter((event) => event.deviceId === deviceId).map((event) => event.position);
      expect(positions).toEqual(Array.from({ length: 301 }, (_, index) => index + 1));
    }
  });
});
