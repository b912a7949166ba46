import type { Application } from './application';

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
}
