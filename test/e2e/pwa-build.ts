import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'vite';

/** Everything the built app is made from: a change in any of these makes a new build. */
const INPUTS = ['index.html', 'vite.config.ts', 'package-lock.json', 'src', 'public'];

/**
 * The production build of the PWA (Vite + vite-plugin-pwa), made once per state of the sources and build id and
 * reused by every end-to-end file of the run (and by later runs while nothing changed). Built into the system's
 * temporary directory, then renamed into place, so a half-written build is never served.
 */
export async function pwaBuild(buildId = 'e2e-1'): Promise<string> {
  const root = process.cwd();
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(relative(root, file)).update(readFileSync(file));
  }
  const key = hash.digest('hex').slice(0, 16);
  const outDir = join(tmpdir(), `offline-bank-pwa-${key}-${buildId}`);
  if (existsSync(join(outDir, 'sw.js'))) return outDir;
  const partial = `${outDir}.partial-${process.pid}`;
  // Vitest runs with NODE_ENV=test, which would make Vite pick the packages' development builds (Lit's dev mode).
  const previous = { VITE_BUILD_ID: process.env.VITE_BUILD_ID, NODE_ENV: process.env.NODE_ENV };
  process.env.VITE_BUILD_ID = buildId;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'warn', build: { outDir: partial, emptyOutDir: true } });
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  if (existsSync(join(outDir, 'sw.js'))) {
    // Another run built the same sources meanwhile (and may be serving them): keep theirs.
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(outDir, { recursive: true, force: true });
    renameSync(partial, outDir);
  }
  removeStaleBuilds(key);
  return outDir;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** How long a build of other sources is kept: another run (another checkout) may still be serving it. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** Builds of older sources are of no further use once no run can still be serving them. */
function removeStaleBuilds(key: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith('offline-bank-pwa-') || name.includes(key)) continue;
    if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
  }
}
