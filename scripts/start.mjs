#!/usr/bin/env node
// `npm start`: installs the npm packages if needed, builds the PWA, then runs the sync server (server/main.ts), which
// serves dist/ and the /v2 sync API on 127.0.0.1:$PORT (default 8080), with embedded PGlite under $DATA_DIR (default
// ./data), or PostgreSQL when $DATABASE_URL is set. On the first start with no vault it creates one and prints its
// token and the address to open.

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureNodeModules } from './ensure-deps.mjs';

const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const SERVER = join(ROOT, 'server', 'main.ts');

try {
  ensureNodeModules();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

console.log('[start] building the PWA (vite build)');
const build = spawnSync(process.execPath, [VITE, 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`[start] vite build failed (exit ${build.status ?? build.signal})`);
  process.exit(1);
}

// Node itself runs the server (TypeScript through tsx's loader), so this process owns it and can stop it (through npx,
// the pid would be npm's, and killing it would leave the server running).
const server = spawn(process.execPath, ['--import', 'tsx', SERVER], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, STATIC_DIR: process.env.STATIC_DIR ?? join(ROOT, 'dist') },
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
