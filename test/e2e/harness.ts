import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS } from '../../scripts/chromium-args.mjs';

/** A dev server for the test pages and a persistent Chromium profile (Web Locks and IndexedDB shared by its pages). */
export interface Harness {
  readonly url: (path: string) => string;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts the dev server on a free port of 127.0.0.1 and Debian's Chromium on a new profile. */
export async function startHarness(): Promise<Harness> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'warn',
    optimizeDeps: { entries: ['test/e2e/pages/*.html'] },
    // No reloads when files change during a run.
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const profile = mkdtempSync(join(tmpdir(), 'e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    context,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
