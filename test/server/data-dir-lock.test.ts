import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../server';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';

describe('DATA_DIR lock', () => {
  const folders: string[] = [];
  const servers: ServerProcess[] = [];
  const others: ChildProcess[] = [];

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill('SIGKILL');
    for (const other of others.splice(0)) other.kill('SIGKILL');
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  const folder = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-lock-'));
    folders.push(dataDir);
    return dataDir;
  };
  /** An unrelated live process, as one that was given a dead server's pid would be. */
  const unrelated = async () => {
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    others.push(other);
    await new Promise((resolve) => other.once('spawn', resolve));
    return other.pid ?? 0;
  };
  const lockFile = (dataDir: string) => join(dataDir, 'lock.pid');

  it('given a lock file of a server killed with SIGKILL whose pid now belongs to an unrelated process, then a server starts', async () => {
    const dataDir = folder();
    const killed = await startServerProcess({ dataDir });
    const token = killed.firstToken;
    await killed.kill('SIGKILL');
    const [, started] = readFileSync(lockFile(dataDir), 'utf8').split('\n');
    expect(started).toMatch(/^\d+$/);
    const reused = await unrelated();
    writeFileSync(lockFile(dataDir), `${reused}\n${started}\n`);

    const server = await startServerProcess({ dataDir });
    servers.push(server);
    const status = await fetch(`${server.url}/v2/log`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);
    expect(readFileSync(lockFile(dataDir), 'utf8').split('\n')[0]).toBe(String(server.pid));
  });

  it('given a lock file naming a live process by its pid and start time, then it is refused', async () => {
    const dataDir = folder();
    const owner = await unrelated();
    const stat = readFileSync(`/proc/${owner}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(lockFile(dataDir), `${owner}\n${started}\n`);
    expect(() => lockDataDir(dataDir, 'testing')).toThrow(/in use by process/);
  });

  it('given a lock file of a process that is gone, then it is taken over and released', async () => {
    const dataDir = folder();
    const gone = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(lockFile(dataDir), `${gone.pid}\n12345\n`);
    const release = lockDataDir(dataDir, 'testing');
    expect(readFileSync(lockFile(dataDir), 'utf8').split('\n')[0]).toBe(String(process.pid));
    release();
    expect(() => readFileSync(lockFile(dataDir))).toThrow();
  });
});
