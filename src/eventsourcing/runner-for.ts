import { LeaderRunner } from './leader-runner';
import type { Persistence } from './persistence';
import type { Runner } from './runner';
import { RxRunner } from './rx-runner';
import { SyncRunner } from './sync-runner';
import type { System } from './system';

/** The runners a system can be started with. */
export type RunnerKind = 'sync' | 'rx';

/**
 * The runner of a system: `'sync'` runs followers inside each save (tests); `'rx'` runs them in the background, and
 * when the persistence's stores are shared with other tabs, only in the tab that holds the Web Lock
 * `${lockPrefix}:${sharedName}`. Throws `TypeError` for another kind.
 */
export function runnerFor(system: System, kind: RunnerKind, persistence: Persistence, lockPrefix: string): Runner {
  if (kind === 'sync') return new SyncRunner(system);
  if (kind !== 'rx') throw new TypeError(`No runner named ${String(kind)}: use 'sync' or 'rx'`);
  const { sharedName } = persistence;
  if (sharedName === undefined) return new RxRunner(system);
  return new LeaderRunner(system, () => new RxRunner(system), { lockName: `${lockPrefix}:${sharedName}` });
}
