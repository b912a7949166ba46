import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keeps two processes from opening one PGlite directory: embedded PGlite has no locking of its own, and two writers
 * would corrupt it. Returns the function that releases it; throws when a live process holds it.
 *
 * The lock file names its owner by pid and by the start time of that process (from `/proc`, where there is one):
 * a pid alone is not enough, since after a SIGKILL the pid may be given to an unrelated process, which must not
 * keep the server from starting. A file whose process is gone, or whose pid now belongs to a process started at
 * another time, is taken over. Without `/proc` (not Linux) a live pid counts as the owner, to be safe.
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'lock.pid');
  const owner = readOwner(file);
  if (owner !== undefined && owner.pid !== process.pid && holds(owner)) {
    throw new Error(`${dataDir} is in use by process ${owner.pid} (a running server?); stop it before ${purpose}`);
  }
  const started = startTimeOf(process.pid);
  writeFileSync(file, `${process.pid}\n${started ?? ''}\n`);
  return () => {
    if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/** What a lock file says: the owner's pid and, when it was written where `/proc` exists, its start time. */
interface LockOwner {
  readonly pid: number;
  readonly started: string | undefined;
}

function readOwner(file: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine = '', startedLine = ''] = text.split('\n');
  const pid = Number.parseInt(pidLine, 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, started: /^\d+$/.test(startedLine) ? startedLine : undefined };
}

/** Whether the process the lock file names still runs: the same pid, and the same process behind it. */
function holds(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) return false;
  const started = startTimeOf(owner.pid);
  // Either side without a start time (no /proc, or a file of an older server): the live pid is taken as the owner.
  if (started === undefined || owner.started === undefined) return true;
  return started === owner.started;
}

/**
 * When a process started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`): fixed for the process's
 * life, and different for a later process that reuses its pid. Undefined without `/proc`.
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count the fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const started = fields[19];
    return started !== undefined && /^\d+$/.test(started) ? started : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
