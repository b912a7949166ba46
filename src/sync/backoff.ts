/** How retries are spaced: from `initialMs`, doubling per failed attempt, never above `maxMs`. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** One second, doubling up to five minutes. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 300_000 };

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential, capped, with "equal jitter" (half
 * fixed, half random), so that many devices failing at once do not come back in lockstep, yet none retries at once.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 52));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
