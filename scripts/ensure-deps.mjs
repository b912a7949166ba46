#!/usr/bin/env node
// Installs what the project needs on a machine that has only Node: the npm packages (npm ci from the committed lock)
// and Debian's chromium for the browser tests. Imported by start.mjs, test.mjs and bench.mjs; uses Node built-ins only,
// because node_modules may not exist yet. Run directly (`node scripts/ensure-deps.mjs`) it ensures both.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (the folder holding package.json). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where Debian's `chromium` package puts the browser. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** A dependency that could not be installed or found; the message says what to do. */
export class DepsError extends Error {
  /** @override */
  name = 'DepsError';
}

/**
 * Installs the npm packages when node_modules is missing or older than package-lock.json: `npm ci` from the lock,
 * or `npm install` when there is no lock. npm's output is streamed. Throws a DepsError if npm fails.
 * @returns {boolean} whether anything was installed
 */
export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const hasLock = existsSync(lock);
  const reason = staleReason(hasLock, lock);
  if (reason === undefined) return false;
  const nodeModules = join(ROOT, 'node_modules');
  if (existsSync(nodeModules) && lstatSync(nodeModules).isSymbolicLink()) {
    // npm ci empties the folder a symlink points to, which belongs to another checkout: leave it alone.
    console.warn(`[deps] ${reason}, but node_modules links to ${realpathSync(nodeModules)}: not reinstalling it here`);
    return false;
  }

  const command = hasLock ? ['ci'] : ['install'];
  console.log(`[deps] ${reason}: running npm ${command.join(' ')}`);
  run('npm', [...command, '--no-audit', '--no-fund'], 'npm packages');
  return true;
}

/**
 * Finds a Chromium for Playwright and Vitest's browser mode: `CHROMIUM_PATH` if set, else Debian's
 * /usr/bin/chromium, installing the Debian package `chromium` first when running as root. Sets
 * `process.env.CHROMIUM_PATH` so that child processes (vite.config.ts, e2e scripts) use the same browser.
 * Throws a DepsError explaining what to do when no browser can be had.
 * @returns {string} the path of the Chromium executable
 */
export function ensureChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) fail(`CHROMIUM_PATH is set to ${configured}, which is not an executable file.`);
    return configured;
  }
  if (!isExecutable(DEBIAN_CHROMIUM)) {
    if (process.getuid?.() !== 0) {
      fail(
        `No Chromium found at ${DEBIAN_CHROMIUM}. Install Debian's package with \`sudo apt-get install -y chromium\`, ` +
          'or set CHROMIUM_PATH to the path of a Chromium or Chrome executable.',
      );
    }
    console.log("[deps] no Chromium found: installing Debian's chromium package with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update'], 'apt-get update', env);
    run('apt-get', ['install', '-y', 'chromium'], 'apt-get install chromium', env);
    if (!isExecutable(DEBIAN_CHROMIUM)) fail(`apt-get installed chromium, but ${DEBIAN_CHROMIUM} is still missing.`);
  }
  process.env.CHROMIUM_PATH = DEBIAN_CHROMIUM;
  return DEBIAN_CHROMIUM;
}

/**
 * Finds Debian's PostgreSQL server binaries (for the sync server's tests, which start their own server on a private
 * port), installing the Debian package `postgresql` first when they are missing and we run as root. The package
 * starts no service here (policy-rc.d denies it); the tests run initdb and pg_ctl themselves.
 * Throws a DepsError explaining what to do when it cannot be had.
 * @returns {string} the bin folder holding initdb and pg_ctl
 */
export function ensurePostgres() {
  const found = postgresBin();
  if (found !== undefined) return found;
  if (process.getuid?.() !== 0) {
    fail('PostgreSQL is not installed. Install it with `sudo apt-get install -y postgresql`.');
  }
  console.log("[deps] no PostgreSQL found: installing Debian's postgresql package with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], 'apt-get update', env);
  run('apt-get', ['install', '-y', 'postgresql'], 'apt-get install postgresql', env);
  return postgresBin() ?? fail('apt-get installed postgresql, but no initdb is under /usr/lib/postgresql.');
}

/** @returns {string | undefined} the bin folder of the newest PostgreSQL that has initdb */
function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  const version = versions.find((v) => isExecutable(join(base, v, 'bin', 'initdb')));
  return version === undefined ? undefined : join(base, version, 'bin');
}

/** Ensures the npm packages, then Chromium. */
export function ensureDeps() {
  ensureNodeModules();
  return ensureChromium();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    console.log(`[deps] chromium: ${ensureDeps()}`);
  } catch (error) {
    console.error(`[deps] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * Why node_modules needs an install, or undefined when it is up to date.
 * @param {boolean} hasLock
 * @param {string} lock
 * @returns {string | undefined}
 */
function staleReason(hasLock, lock) {
  if (!existsSync(join(ROOT, 'node_modules'))) return 'node_modules is missing';
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules/.package-lock.json is missing';
  if (hasLock && statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
    return 'package-lock.json is newer than node_modules';
  }
  return undefined;
}

/**
 * Runs a command with its output streamed; throws a DepsError if it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {string} label
 * @param {NodeJS.ProcessEnv} [env]
 */
function run(command, args, label, env = process.env) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.error) fail(`${label}: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0)
    fail(`${label}: \`${command} ${args.join(' ')}\` exited with ${result.status ?? result.signal}`);
}

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  throw new DepsError(message);
}
