import { ProcessApplication, type Application, type System } from '../eventsourcing';
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
 *   from the stamps its restored events carry (`tracking` on the wire: the upstream notification it had reached when
 *   it wrote them, named by aggregate id and version), translated to the id that notification got here (see
 *   `positionFromStamps`). The follower then goes on with exactly what the old device had not processed yet, and
 *   computes nothing twice. A follower whose restored events carry no stamp at all was written by code older than
 *   the stamps: it is marked caught up with its upstreams, the rule of that code.
 * - A failure while writing (a full disk) deletes what was written: the device is empty again and the restore can
 *   be tried again; the `LocalStoreError` says so.
 * - The followers' tracking records are written before the events (a new store numbers them 1, 2, 3…, checked
 *   after): a follower running in another tab never takes a restored event for new work. The caller stops this
 *   tab's runners first and starts them after.
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

  const written = new Map<string, readonly number[]>();
  try {
    return await writeRestored(applications, byApplication, skipped, options.system, written);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // The stores were empty: deleting what this restore wrote puts the device back as it was, ready for another
    // try; unless something else wrote meanwhile (another tab), which must not be deleted with it.
    let undone = false;
    try {
      if (await onlyWhatWasWritten(applications, written)) {
        await Promise.all(applications.map((application) => application.recorder.erase()));
        undone = true;
      }
    } catch {
      undone = false;
    }
    throw new LocalStoreError(
      undone
        ? `${reason} (the restore was undone: this device is empty again)`
        : `${reason} (the restore stopped half-way and could not be undone: clear this site's data before trying again)`,
      { cause: error },
    );
  }
}

/** Whether each store holds exactly the events this restore wrote into it (ids 1, 2, 3… of a new store), or none. */
async function onlyWhatWasWritten(
  applications: readonly Application[],
  written: ReadonlyMap<string, readonly number[]>,
): Promise<boolean> {
  for (const application of applications) {
    const ids = written.get(application.name) ?? [];
    const head = await application.recorder.maxNotificationId();
    if (head !== (ids.at(-1) ?? 0) || (ids.length > 0 && ids[0] !== 1)) return false;
  }
  return true;
}

/** Writes the pulled events into the empty stores, then the followers' positions (see `restoreApplications`). */
async function writeRestored(
  applications: readonly Application[],
  byApplication: ReadonlyMap<string, PulledEvent[]>,
  skipped: number,
  system: System | undefined,
  written: Map<string, readonly number[]>,
): Promise<RestoreResult & { heads: ReadonlyMap<string, number> }> {
  // A new store numbers its events 1, 2, 3…: the ids are known before anything is written, so the followers'
  // positions go first. A follower running in another tab then never takes a restored event for new work.
  const restored: Record<string, number> = {};
  const heads = new Map<string, number>();
  const logs = new Map<string, RestoredLog>();
  for (const application of applications) {
    const events = byApplication.get(application.name) ?? [];
    const ids = events.map((_, index) => index + 1);
    restored[application.name] = events.length;
    heads.set(application.name, ids.at(-1) ?? 0);
    logs.set(application.name, { events, ids });
  }
  if (system !== undefined) {
    for (const follower of system.followers) {
      if (!(follower instanceof ProcessApplication) || !applications.includes(follower)) continue;
      const own = logs.get(follower.name);
      // Events but no stamp at all: written by code older than the stamps; keep the rule of that time.
      const legacy = own !== undefined && own.events.length > 0 && own.events.every((event) => !event.tracking);
      for (const upstream of system.upstreamsOf(follower)) {
        const head = heads.get(upstream.name) ?? 0;
        const position = legacy ? head : positionFromStamps(own, upstream.name, logs.get(upstream.name), head);
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
  for (const application of applications) {
    const { events, ids: expected } = logs.get(application.name) ?? { events: [], ids: [] };
    if (events.length === 0) continue;
    const ids = await LocalStoreError.wrap(() => application.recorder.insert(events.map(toStoredEvent)));
    written.set(application.name, ids);
    if (ids.some((id, index) => id !== expected[index])) {
      throw new LocalStoreError(`the ${application.name} store numbered the restored events unexpectedly`);
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
 * A follower's position here in one upstream, from its latest event stamped with that upstream:
 * - the upstream notification the stamp names by aggregate id and version, when it was restored (exact, whichever
 *   device pushed it, also after a chain of restores);
 * - otherwise the last upstream event restored from the stamping device at or before the stamp's position (the
 *   upstream's push was behind the follower's);
 * - otherwise the head: nothing tells where the follower stood, and starting over could process something twice.
 * 0 when the follower wrote nothing from that upstream: it starts the upstream from the beginning.
 */
function positionFromStamps(
  follower: RestoredLog | undefined,
  upstreamName: string,
  upstream: RestoredLog | undefined,
  head: number,
): number {
  const stamp = [...(follower?.events ?? [])].reverse().find((event) => event.tracking?.upstream === upstreamName);
  const tracking = stamp?.tracking;
  if (stamp === undefined || tracking === undefined) return 0;
  const events = upstream?.events ?? [];
  const ids = upstream?.ids ?? [];
  const named = events.findIndex(
    (event) => event.originatorId === tracking.originatorId && event.originatorVersion === tracking.originatorVersion,
  );
  if (named >= 0) return ids[named] ?? head;
  let position: number | undefined;
  events.forEach((event, index) => {
    if (event.deviceId === stamp.deviceId && event.position <= tracking.position) position = ids[index];
  });
  return position ?? head;
}
