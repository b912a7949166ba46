import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './fixtures/create-database';
import { openHeadEvents } from './fixtures/head-events';
import { startPostgresCluster, type PostgresCluster } from './fixtures/postgres-cluster';
import { readWholeLog } from './fixtures/request-wire';
import { pushThroughFaults, type PushRecord } from './fixtures/request-pusher';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';

const DEVICES = ['phone', 'laptop', 'tablet'];
const REQUESTS_EACH = 300;

describe('PostgreSQL restarted under running servers', () => {
  // A PostgreSQL of its own: restarting the one the other test files share would break them.
  let cluster: PostgresCluster | undefined;
  const running: ServerProcess[] = [];
  const folders: string[] = [];

  afterAll(async () => {
    for (const server of running) await server.kill('SIGKILL');
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    cluster?.stop();
  });

  it('given pushes in flight, then the servers stay up, answer 503 with Retry-After while it is away, and afterwards hold every request once; event streams carry on', async () => {
    cluster = await startPostgresCluster();
    const databaseUrl = await createDatabase(cluster.url, 'restart_test');
    const dataDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'sync-restart-')));
    folders.push(...dataDirs);
    const [first, second] = await Promise.all(dataDirs.map((dataDir) => startServerProcess({ dataDir, databaseUrl })));
    if (first === undefined || second === undefined) throw new Error('servers did not start');
    running.push(first, second);
    const token = first.firstToken ?? second.firstToken ?? '';
    // Pushes go through the first instance; the second only streams, so it hears of them through LISTEN alone.
    const events = await openHeadEvents(second.url, token);
    await events.reach(0);

    const records = new Map<string, PushRecord>();
    let restarted = false;
    let downAt = 0;
    let upAt = 0;
    const restart = async () => {
      restarted = true;
      cluster?.shutDown();
      downAt = performance.now();
      // Meanwhile every API answers 503 as JSON, the event stream included.
      for (const path of ['/v2/events', '/v2/log']) {
        const answer = await fetch(`${first.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        outage.push({
          path,
          status: answer.status,
          retryAfter: answer.headers.get('retry-after'),
          body: (await answer.json()) as unknown,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (performance.now() - downAt))));
      cluster?.startAgain();
      upAt = performance.now();
    };
    const outage: { path: string; status: number; retryAfter: string | null; body: unknown }[] = [];
    let restarting: Promise<void> | undefined;
    await Promise.all(
      DEVICES.map(async (deviceId) => {
        const record = await pushThroughFaults({
          url: () => first.url,
          token,
          deviceId,
          total: REQUESTS_EACH,
          batch: 10,
          // A few pushes in, the database goes away while this device's next push is on its way.
          onSent: (count) => {
            if (deviceId === 'phone' && count === 6 && !restarted) {
              restarting = new Promise((resolve) => setTimeout(resolve, 2)).then(restart);
            }
          },
        });
        records.set(deviceId, record);
      }),
    );
    await restarting;

    expect(first.alive()).toBe(true);
    expect(second.alive()).toBe(true);
    const statuses = [...records.values()].flatMap((record) => record.statuses);
    const unavailable = statuses.filter((status) => status === 503).length;
    console.log(
      `PostgreSQL away for ${Math.round(upAt - downAt)} ms: ${statuses.length} pushes, ${unavailable} × 503, ` +
        `${statuses.filter((status) => status === 0).length} network failures, ` +
        `${statuses.filter((status) => status !== 200 && status !== 503 && status !== 0).length} other refusals`,
    );
    expect(unavailable).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    for (const record of records.values()) {
      expect(record.errors.every((error) => error === 'unavailable')).toBe(true);
      expect(record.retryAfters.every((value) => Number(value) >= 1)).toBe(true);
    }

    expect(outage).toEqual(
      ['/v2/events', '/v2/log'].map((path) => ({
        path,
        status: 503,
        retryAfter: '2',
        body: { error: 'unavailable', message: expect.any(String) as string },
      })),
    );

    const entries = await readWholeLog(second.url, token);
    expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, index) => index + 1));
    for (const deviceId of DEVICES) {
      const positions = entries.filter((entry) => entry.deviceId === deviceId).map((entry) => entry.position);
      expect(positions).toEqual(Array.from({ length: REQUESTS_EACH }, (_, index) => index + 1));
    }
    // The second instance's listening connection came back: the final head reached its stream.
    await events.reach(DEVICES.length * REQUESTS_EACH, 10_000);
    events.close();

    const output = [...first.output, ...second.output].join('\n');
    expect(output).not.toMatch(/"status":500|unhandled error|Unhandled|uncaught/i);
    expect(second.output.join('\n')).toMatch(/head listener disconnected/);
  });
});
