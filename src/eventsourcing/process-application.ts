import { Application, type ApplicationOptions, type BatchTracking, type PreparedWrite } from './application';
import type { AnyAggregate } from './aggregate';
import type { Follower } from './follower';
import type { Notification } from './domain-event';
import { ProcessingContext } from './processing-context';
import { TrackingConflictError } from './tracking-conflict-error';

/**
 * An application that follows others: for each upstream notification its `policy` may load, change and create
 * aggregates, and the resulting events are written together with the tracking record, in one transaction.
 *
 * Invariants:
 * - Upstream notifications are processed in id order, each exactly once: the tracking record moves from the
 *   position the work was based on to the last notification of the batch, compare-and-set, in the same transaction
 *   as the results. A crash loses the whole batch or nothing.
 * - A policy must not throw for a domain refusal: it records the refusal as an event. A throw means a bug or a
 *   storage failure; the batch is then not recorded and will be processed again.
 * - Policies must not call `save` (of this or any application): everything goes out through the context.
 */
export abstract class ProcessApplication extends Application implements Follower {
  readonly #positions = new Map<string, number>();

  constructor(options: ApplicationOptions) {
    super(options);
  }

  /**
   * Processes the next notifications of `upstream` after this application's position, at most `limit` of them, as
   * one batch. Returns how many were processed (0 when caught up).
   */
  async pull(upstream: Application, limit: number): Promise<number> {
    const position = await this.currentPosition(upstream.name);
    const notifications = await upstream.log.select(position + 1, limit);
    const last = notifications.at(-1);
    if (last === undefined) return 0;
    const context = new ProcessingContext(this.repository, upstream.name);
    for (const notification of notifications) await this.policy(notification, context);
    try {
      await this.record(context.aggregates, {
        upstreamName: upstream.name,
        notificationId: last.id,
        expectedPosition: position,
        upstreamEvent: last,
      });
    } catch (error) {
      // Another processor moved the position (or this one's memory of it is stale): read it again next time.
      if (error instanceof TrackingConflictError) this.#positions.delete(upstream.name);
      throw error;
    }
    this.#positions.set(upstream.name, last.id);
    return notifications.length;
  }

  /** The stored position in `upstreamName`: the last notification id processed, 0 when none. */
  position(upstreamName: string): Promise<number> {
    return this.recorder.position(upstreamName);
  }

  /**
   * Writes what a follower running elsewhere decided for this application (a derivation that processes one upstream
   * for several applications): the pending events of `aggregates` and the tracking record, in one transaction,
   * compare-and-set on the position like `pull`. Then this application remembers the new position.
   */
  async recordProcessed(aggregates: Iterable<AnyAggregate>, tracking: BatchTracking): Promise<void> {
    await this.commit(this.prepareProcessed(aggregates, tracking));
  }

  /** What `recordProcessed` writes, for a commit together with other applications (`recordTogether`). */
  prepareProcessed(aggregates: Iterable<AnyAggregate>, tracking: BatchTracking): PreparedWrite {
    const write = this.prepareWrite(aggregates, tracking);
    return {
      ...write,
      stored: (ids) => {
        write.stored(ids);
        this.#positions.set(tracking.upstreamName, tracking.notificationId);
      },
      failed: () => {
        write.failed();
        this.#positions.delete(tracking.upstreamName);
      },
    };
  }

  /** The position in `upstreamName` this application remembers, if any (it reads it from storage otherwise). */
  knownPosition(upstreamName: string): number | undefined {
    return this.#positions.get(upstreamName);
  }

  /**
   * The position in `upstreamName` this application remembers, else the stored one, remembered from then on. Memory
   * can only lag behind storage (another tab moved it): the compare-and-set of the next commit then refuses it.
   */
  async currentPosition(upstreamName: string): Promise<number> {
    const known = this.#positions.get(upstreamName);
    if (known !== undefined) return known;
    const stored = await this.recorder.position(upstreamName);
    // Unless a commit of this application set it meanwhile, which is newer.
    if (!this.#positions.has(upstreamName)) this.#positions.set(upstreamName, stored);
    return this.#positions.get(upstreamName) ?? stored;
  }

  /** Forgets the positions kept in memory, so the next pull reads them from storage. */
  forgetPositions(): void {
    this.#positions.clear();
  }

  /** Reacts to one upstream notification. */
  protected abstract policy(notification: Notification, context: ProcessingContext): Promise<void> | void;
}
