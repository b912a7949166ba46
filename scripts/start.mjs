#!/usr/bin/env node
// `npm start`: installs the npm packages if needed, builds the PWA and serves dist/ on 127.0.0.1:$PORT (default 8080).
// The sync server will take this over later; until then Vite's preview server is the static host.

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureNodeModules } from './ensure-deps.mjs';

const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const HOST = '127.0.0.1';
const PORT = process.env.PORT ?? '8080';

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

// Run Vite's own entry with node (not npx), so that this process owns the server and can stop it (TOOLCHAIN P8).
const server = spawn(process.execPath, [VITE, 'preview', '--host', HOST, '--port', PORT, '--strictPort'], {
  cwd: ROOT,
  stdio: 'inherit',
});
console.log(`[start] Offline Bank: open http://${HOST}:${PORT}/ (Ctrl+C stops the server)`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
