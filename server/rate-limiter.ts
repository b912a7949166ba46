/** How many requests a key may make: a burst of `burst`, refilled at `perSecond`. */
export interface RateLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/** The default per-token limit: generous for a device catching up in 1,000-event pushes. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 300, perSecond: 100 };

/**
 * A token bucket per key (the hash of the presented token), in this process's memory: with several server instances
 * each enforces its own share. At most `maxKeys` buckets are kept; the least recently used goes first, and a bucket
 * that would be full anyway is the same as a new one, so evicting it forgets nothing that matters.
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(limit: RateLimit = DEFAULT_RATE_LIMIT, options: { now?: () => number; maxKeys?: number } = {}) {
    this.#limit = limit;
    this.#now = options.now ?? (() => performance.now());
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes one request from the key's bucket: 0 when allowed, else the seconds to wait before retrying (≥ 1). */
  take(key: string): number {
    const now = this.#now();
    const tokens = this.#tokens(key, now);
    this.#buckets.delete(key);
    const allowed = tokens >= 1;
    this.#buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    return allowed ? 0 : this.#wait(tokens);
  }

  /** What `take` would answer, without taking anything. */
  peek(key: string): number {
    const tokens = this.#tokens(key, this.#now());
    return tokens >= 1 ? 0 : this.#wait(tokens);
  }

  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return this.#limit.burst;
    return Math.min(this.#limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond);
  }

  #wait(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.#limit.perSecond));
  }
}
