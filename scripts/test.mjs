#!/usr/bin/env node
// `npm test`: installs what is missing (npm packages, Debian's chromium and postgresql), runs the static checks in
// order and stops at the first that fails, then runs every Vitest project (Node + fake-indexeddb, real Chromium, the
// sync server on PGlite and PostgreSQL). Whatever happens, the last line printed is `N passed, N failed`, the closing
// line CI reads (Vitest's own summary is not in a form CI can read).
// Arguments after `npm test --` go to Vitest, e.g. `npm test -- --project node`.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureChromium, ensureNodeModules, ensurePostgres } from './ensure-deps.mjs';

const VITEST_JSON = join(ROOT, '.vitest.json');

/** The static checks, in the order they run; each is a tool from node_modules/.bin with its arguments. */
const STATIC_STEPS = [
  { label: 'type-check app and tests', tool: 'tsc', args: ['-p', 'tsconfig.json'] },
  { label: 'type-check config and scripts', tool: 'tsc', args: ['-p', 'tsconfig.node.json'] },
  { label: 'type-check the sync server', tool: 'tsc', args: ['-p', 'server/tsconfig.json'] },
  { label: 'type-check end-to-end tests', tool: 'tsc', args: ['-p', 'test/e2e'] },
  { label: 'lint', tool: 'eslint', args: ['.'] },
  { label: 'format', tool: 'prettier', args: ['--check', '.'] },
  {
    label: 'import cycles',
    tool: 'dpdm',
    args: ['--no-warning', '--no-tree', '--exit-code', 'circular:1', '-T', 'src/**/*.ts'],
  },
];

const started = performance.now();

try {
  step('install npm packages, chromium and postgresql', () => {
    ensureNodeModules();
    console.log(`chromium: ${ensureChromium()}`);
    console.log(`postgresql: ${ensurePostgres()}`);
    return 0;
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  finish({ passed: 0, failed: 1 }, 'installing the dependencies failed');
}

for (const { label, tool, args } of STATIC_STEPS) {
  const status = step(`${label} (${tool} ${args.join(' ')})`, () => runTool(tool, args));
  if (status !== 0) finish({ passed: 0, failed: 1 }, `${label} failed (${tool} exited with ${status})`);
}

rmSync(VITEST_JSON, { force: true });
const vitestArgs = [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${VITEST_JSON}`,
  ...process.argv.slice(2),
];
const vitestStatus = step(`tests (vitest ${vitestArgs.join(' ')})`, () => runTool('vitest', vitestArgs));
const counts = readVitestCounts();
if (counts === undefined) {
  finish({ passed: 0, failed: 1 }, `vitest wrote no readable ${VITEST_JSON} (exit ${vitestStatus})`);
}
if (vitestStatus !== 0 && counts.failed === 0) {
  // A file that fails to load, an unhandled error or no test files at all fail the run without failing a test.
  finish({ passed: counts.passed, failed: 1 }, `vitest exited with ${vitestStatus} although no test failed`);
}
finish(counts, counts.failed > 0 ? 'some tests failed' : undefined);

/**
 * Runs one labelled step and prints how long it took.
 * @param {string} label
 * @param {() => number} body returns the step's exit status
 * @returns {number}
 */
function step(label, body) {
  console.log(`\n▶ ${label}`);
  const stepStarted = performance.now();
  const status = body();
  console.log(`${status === 0 ? '✔' : '✘'} ${label}: ${seconds(performance.now() - stepStarted)}`);
  return status;
}

/**
 * @param {string} tool
 * @param {string[]} args
 * @returns {number} the exit status (1 when the tool could not be started or was killed)
 */
function runTool(tool, args) {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', tool), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) console.error(`could not run ${tool}: ${result.error.message}`);
  return result.status ?? 1;
}

/** @returns {{ passed: number, failed: number } | undefined} */
function readVitestCounts() {
  if (!existsSync(VITEST_JSON)) return undefined;
  try {
    const report = /** @type {{ numPassedTests?: unknown, numFailedTests?: unknown }} */ (
      JSON.parse(readFileSync(VITEST_JSON, 'utf8'))
    );
    const { numPassedTests, numFailedTests } = report;
    if (typeof numPassedTests !== 'number' || typeof numFailedTests !== 'number') return undefined;
    return { passed: numPassedTests, failed: numFailedTests };
  } catch {
    return undefined;
  }
}

/**
 * Prints the reason of a failure, the total time and, as the very last line, the counts; then exits.
 * @param {{ passed: number, failed: number }} counts
 * @param {string} [failure]
 * @returns {never}
 */
function finish({ passed, failed }, failure) {
  console.log(`\n${failure === undefined ? 'npm test passed' : `npm test FAILED: ${failure}`}`);
  console.log(`total ${seconds(performance.now() - started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failure === undefined && failed === 0 ? 0 : 1);
}

/** @param {number} milliseconds */
function seconds(milliseconds) {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
