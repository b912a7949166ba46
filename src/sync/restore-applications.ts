import type { Application, StoredEvent, System } from '../eventsourcing';
import { LocalStoreError } from './local-store-error';
import { PROTOCOL_LIMITS } from './protocol';
import { RestoreNotEmptyError } from './restore-not-empty-error';
import type { SyncApi } from './sync-api';
import { toStoredEvent } from './wire-event';

/** What a restore brought back. */
export interface RestoreResult {
  /** Events restored per application name. */
  readonly restored: Readonly<Record<string, number>>;
  /** Events on the server for applications not given to the client; left alone. */
  readonly skipped: number;
}

/**
 * Fills empty applications with the vault's events (a new device).
 *
 * Invariants:
 * - Nothing is written unless every application is empty (`RestoreNotEmptyError`), and nothing before every page
 *   has been pulled and parsed: a network failure half-way leaves the device as it was.
 * - Each application's events are inserted in one recorder transaction, in the server's `seq` order, which is each
 *   device's own log order; they keep their schema version, so older events are upcast on read as usual.
 * - Followers: when `system` is given, each follower among the applications is marked as having processed
 *   everything its upstreams now hold (one tracking record per upstream), so the restored results of the old
 *   device are not computed a second time. That is exact when the old device's followers had caught up with what
 *   it pushed (they do so within moments of each change); see the README's sync section for the gap the core
 *   closes once notifications carry their tracking records.
 * - The caller stops the runners first and starts them after: a runner would otherwise process restored upstream
 *   events before the tracking records are written.
 */
export async function restoreApplications(
  api: SyncApi,
  applications: readonly Application[],
  options: { system?: System | undefined; signal?: AbortSignal | undefined },
): Promise<RestoreResult & { heads: ReadonlyMap<string, number> }> {
  const nonEmpty: string[] = [];
  for (const application of applications) {
    if ((await LocalStoreError.wrap(() => application.recorder.maxNotificationId())) > 0)
      nonEmpty.push(application.name);
  }
  if (nonEmpty.length > 0) throw new RestoreNotEmptyError(nonEmpty);

  const byApplication = new Map<string, StoredEvent[]>(applications.map((application) => [application.name, []]));
  let skipped = 0;
  for (let after: number | null = 0; after !== null;) {
    const page = await api.pull(after, PROTOCOL_LIMITS.maxPullLimit, options.signal);
    for (const event of page.events) {
      const events = byApplication.get(event.application);
      if (events === undefined) skipped++;
      else events.push(toStoredEvent(event));
    }
    after = page.next;
  }

  const restored: Record<string, number> = {};
  const heads = new Map<string, number>();
  for (const application of applications) {
    const events = byApplication.get(application.name) ?? [];
    const ids = events.length === 0 ? [] : await LocalStoreError.wrap(() => application.recorder.insert(events));
    restored[application.name] = events.length;
    heads.set(application.name, ids.at(-1) ?? 0);
  }
  if (options.system !== undefined) await markFollowersCaughtUp(options.system, applications, heads);
  return { restored, skipped, heads };
}

async function markFollowersCaughtUp(
  system: System,
  applications: readonly Application[],
  heads: ReadonlyMap<string, number>,
): Promise<void> {
  for (const follower of system.followers) {
    if (!applications.includes(follower)) continue;
    for (const upstream of system.upstreamsOf(follower)) {
      const head = heads.get(upstream.name) ?? 0;
      if (head === 0) continue;
      await LocalStoreError.wrap(() =>
        follower.recorder.insert([], {
          tracking: { upstreamName: upstream.name, notificationId: head, expectedPosition: 0 },
        }),
      );
    }
    follower.forgetPositions();
  }
}
