import type { Application, System } from '../eventsourcing';
import { LocalStoreError } from './local-store-error';
import { PROTOCOL_LIMITS, type PulledEvent } from './protocol';
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
 * - Followers: when `system` is given, each follower among the applications gets a tracking record per upstream
 *   from the stamps its restored events carry (`tracking` on the wire: the old device's position in that upstream
 *   when it wrote them). The latest stamp's position is translated to the id here of the same upstream event (or
 *   of the last one restored before it), so the follower goes on with exactly what the old device had not
 *   processed yet, and computes nothing twice. A follower none of whose events was stamped for an upstream had
 *   written nothing from it: it starts that upstream from the beginning. A vault with no stamp at all (pushed by
 *   code older than the stamps) is restored as before them: every follower marked caught up with its upstreams.
 * - A failure while writing (a full disk) deletes what was written: the device is empty again and the restore can
 *   be tried again; the `LocalStoreError` says so.
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

  const byApplication = new Map<string, PulledEvent[]>(applications.map((application) => [application.name, []]));
  let skipped = 0;
  for (let after: number | null = 0; after !== null;) {
    const page = await api.pull(after, PROTOCOL_LIMITS.maxPullLimit, options.signal);
    for (const event of page.events) {
      const events = byApplication.get(event.application);
      if (events === undefined) skipped++;
      else events.push(event);
    }
    after = page.next;
  }

  try {
    return await writeRestored(applications, byApplication, skipped, options.system);
  } catch (error) {
    // The stores were empty: deleting what was written puts the device back as it was, ready for another try.
    try {
      await Promise.all(applications.map((application) => application.recorder.erase()));
    } catch {
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new LocalStoreError(`${reason} (the restore was undone: this device is empty again)`, { cause: error });
  }
}

/** Writes the pulled events into the empty stores, then the followers' positions (see `restoreApplications`). */
async function writeRestored(
  applications: readonly Application[],
  byApplication: ReadonlyMap<string, PulledEvent[]>,
  skipped: number,
  system: System | undefined,
): Promise<RestoreResult & { heads: ReadonlyMap<string, number> }> {
  const restored: Record<string, number> = {};
  const heads = new Map<string, number>();
  const logs = new Map<string, RestoredLog>();
  for (const application of applications) {
    const events = byApplication.get(application.name) ?? [];
    const ids =
      events.length === 0
        ? []
        : await LocalStoreError.wrap(() => application.recorder.insert(events.map(toStoredEvent)));
    restored[application.name] = events.length;
    heads.set(application.name, ids.at(-1) ?? 0);
    logs.set(application.name, { events, ids });
  }
  if (system !== undefined) {
    const stamped = [...byApplication.values()].some((events) => events.some((event) => event.tracking !== undefined));
    for (const follower of system.followers) {
      if (!applications.includes(follower)) continue;
      for (const upstream of system.upstreamsOf(follower)) {
        const position = stamped
          ? positionFromStamps(logs.get(follower.name), upstream.name, logs.get(upstream.name))
          : (heads.get(upstream.name) ?? 0);
        if (position === 0) continue;
        await LocalStoreError.wrap(() =>
          follower.recorder.insert([], {
            tracking: { upstreamName: upstream.name, notificationId: position, expectedPosition: 0 },
          }),
        );
      }
      follower.forgetPositions();
    }
  }
  return { restored, skipped, heads };
}

/** An application's pulled events and the ids they were given here, in the same order. */
interface RestoredLog {
  readonly events: readonly PulledEvent[];
  readonly ids: readonly number[];
}

/**
 * A follower's position here in one upstream: its latest event stamped with that upstream names the old device and
 * its position there; the answer is the id here of the last upstream event restored from that device at or before
 * that position. 0 when the follower wrote nothing from that upstream (or nothing of it was restored).
 */
function positionFromStamps(
  follower: RestoredLog | undefined,
  upstreamName: string,
  upstream: RestoredLog | undefined,
): number {
  const stamp = [...(follower?.events ?? [])].reverse().find((event) => event.tracking?.upstream === upstreamName);
  const stampedPosition = stamp?.tracking?.position;
  if (stamp === undefined || stampedPosition === undefined || upstream === undefined) return 0;
  let position = 0;
  upstream.events.forEach((event, index) => {
    if (event.deviceId === stamp.deviceId && event.position <= stampedPosition) position = upstream.ids[index] ?? 0;
  });
  return position;
}
