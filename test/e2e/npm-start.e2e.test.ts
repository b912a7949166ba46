import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium-args.mjs';
import { openAccount } from './bank-pages';

/**
 * `npm start` as a person runs it: it builds the app and serves it with the sync server, with headers that keep the
 * app's page to its own code and out of other sites' frames; the app works under them; and a SIGTERM sent to npm
 * stops the server, leaving nothing listening.
 */
describe('npm start', () => {
  const directory = mkdtempSync(join(tmpdir(), 'npm-start-'));

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves the app with its security headers, runs it under them, and stops on SIGTERM', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: process.cwd(),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(directory, 'data'), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Offline Bank: open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
          if (match?.[1] !== undefined) resolve(match[1]);
        };
        npm.stdout.on('data', onData);
        npm.stderr.on('data', onData);
        void exited.then(() => reject(new Error(`npm start exited:\n${output}`)));
      });

      const response = await fetch(`${origin}/`);
      expect(response.status).toBe(200);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');

      const profile = mkdtempSync(join(directory, 'profile-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS],
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const refused: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/iu.test(message.text())) refused.push(message.text());
        });
        await page.goto(`${origin}/`);
        await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
        await openAccount(page, 'Everyday');
        await page.evaluate(() => navigator.serviceWorker.ready);
        expect(refused).toEqual([]);
      } finally {
        await context.close();
      }

      const port = Number(new URL(origin).port);
      npm.kill('SIGTERM');
      await exited;
      await expect.poll(() => listening(port), { timeout: 10_000 }).toBe(false);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 240_000);
});

/** Whether anything accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
