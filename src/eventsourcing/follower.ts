import type { Application, PreparedWrite } from './application';
import type { Notification } from './domain-event';

/**
 * What a runner drives: something that follows upstream applications and processes their notifications in order,
 * in batches, remembering its position in each upstream. A `ProcessApplication` is one; a derivation that writes
 * into several applications at once is another.
 *
 * Invariants:
 * - `pull` processes the notifications after the follower's stored position and moves that position in the same
 *   transaction as the results, so a crash loses the whole batch or nothing.
 * - `position` reads storage; `knownPosition` answers from memory only (and `undefined` when it does not know).
 */
export interface Follower {
  /** Names the follower in logs, errors and failures. */
  readonly name: string;
  /**
   * The applications this follower writes into besides its own store, if any: a system counts them among its
   * applications (closed with it, their heads watched), although nothing names them in a pipe.
   */
  readonly writesInto?: readonly Application[];
  /** Processes at most `limit` notifications of `upstream` after the follower's position; returns how many. */
  pull(upstream: Application, limit: number): Promise<number>;
  /** The stored position in `upstreamName`: the last notification id processed, 0 when none. */
  position(upstreamName: string): Promise<number>;
  /** The position in `upstreamName` this follower remembers, if any. */
  knownPosition(upstreamName: string): number | undefined;
  /** Forgets the positions kept in memory (another tab may have processed meanwhile). */
  forgetPositions(): void;
  /**
   * Optional: this follower's results of notifications `upstream` is about to commit, worked out in memory before
   * they are stored, as writes to commit in the same transaction (`Application.followAlong`); `undefined` when it
   * cannot take them now (it is not caught up, or a batch of its own is in flight). Each notification has the id it
   * will be stored under if the commit succeeds, which the commit checks; the writes carry the follower's tracking
   * records, so they are stored at most once, along or by a later `pull`.
   */
  prepareAlong?(upstream: Application, notifications: readonly Notification[]): Promise<PreparedWrite[] | undefined>;
}
