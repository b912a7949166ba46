import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `npm run vault -- <args>` the way npm does (tsx server/vault-cli.ts) with DATA_DIR set. */
function vault(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'vault-cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  return { status: result.status, lines: `${result.stdout}${result.stderr}`.trim().split('\n') };
}

describe('npm run vault -- create <name>', () => {
  const folders: string[] = [];
  const servers: ServerProcess[] = [];

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill('SIGKILL');
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('given a name, then prints the token on its last line, and the server accepts it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-vault-'));
    folders.push(dataDir);
    const created = vault(dataDir, 'create', 'alice');
    expect(created.status).toBe(0);
    const token = /^token: (\S+)$/.exec(created.lines.at(-1) ?? '')?.[1];
    expect(token).toBeDefined();

    const server = await startServerProcess({ dataDir });
    servers.push(server);
    expect(server.firstToken).toBeUndefined();
    const log = await fetch(`${server.url}/v2/log`, { headers: { authorization: `Bearer ${token}` } });
    expect(await log.json()).toEqual({ entries: [], next: null, head: 0 });

    // The embedded database belongs to the running server: the command refuses to open it meanwhile.
    const refused = vault(dataDir, 'create', 'bob');
    expect(refused.status).toBe(1);
    expect(refused.lines.join('\n')).toMatch(/in use by process/);
  });

  it('given no name, then prints the usage and fails', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-vault-'));
    folders.push(dataDir);
    expect(vault(dataDir, 'create')).toMatchObject({ status: 2, lines: ['usage: npm run vault -- create <name>'] });
  });
});
