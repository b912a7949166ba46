import { ApiError } from './api-error';
import { RateLimiter, type RateLimit } from './rate-limiter';
import type { SyncStorage, VaultRecord } from './sync-storage';
import { hashToken, tokenMatches, vaultIdOf } from './vault-token';

/** How many failed authentications a client address may make: 20 at once, then one every 3 s (20 a minute). */
export const DEFAULT_FAILURE_LIMIT: RateLimit = { burst: 20, perSecond: 20 / 60 };

/**
 * Finds the vault a bearer token opens, and slows down whoever guesses tokens.
 *
 * Invariants:
 * - A token not of the tokens' shape is refused without a database lookup; a well-shaped one costs one lookup by
 *   primary key, and the hashes are compared in constant time even when there is no such vault.
 * - Each refusal (no token, malformed, unknown, wrong) takes one from the client address's failure bucket. Once it
 *   is empty, that address gets `429 rate-limited` with `Retry-After` before any lookup, except for a token this
 *   process verified in the last `rememberMs`: a device sharing an address (a NAT, a proxy) with a guesser keeps
 *   working, and nothing of the guesses reaches the database.
 * - Only token hashes are kept in memory, never tokens.
 */
export class Authenticator {
  readonly #storage: Pick<SyncStorage, 'findVault'>;
  readonly #failures: RateLimiter;
  readonly #now: () => number;
  readonly #rememberMs: number;
  readonly #maxRemembered: number;
  readonly #verified = new Map<string, { vault: VaultRecord; at: number }>();

  constructor(
    storage: Pick<SyncStorage, 'findVault'>,
    options: { failures?: RateLimiter; now?: () => number; rememberMs?: number; maxRemembered?: number } = {},
  ) {
    this.#storage = storage;
    this.#now = options.now ?? (() => performance.now());
    this.#failures = options.failures ?? new RateLimiter(DEFAULT_FAILURE_LIMIT, { now: this.#now });
    this.#rememberMs = options.rememberMs ?? 10 * 60_000;
    this.#maxRemembered = options.maxRemembered ?? 10_000;
  }

  /**
   * The vault `token` opens, for a request from `address`. Throws `ApiError` `unauthorized`, or `rate-limited` once
   * the address has failed too often.
   */
  async authenticate(token: string | undefined, address: string): Promise<VaultRecord> {
    const tokenHash = token === undefined ? undefined : hashToken(token);
    const wait = this.#failures.peek(address);
    if (wait > 0) {
      const known = tokenHash === undefined ? undefined : this.#recall(tokenHash);
      if (known !== undefined) return known;
      throw new ApiError('rate-limited', `Too many failed authentications: retry in ${wait} s`, {
        headers: { 'Retry-After': String(wait) },
      });
    }
    if (token === undefined || tokenHash === undefined) {
      throw this.#failed('An Authorization: Bearer <token> header is required', address);
    }
    const vaultId = vaultIdOf(token);
    const vault = vaultId === undefined ? undefined : await this.#storage.findVault(vaultId);
    // Compare even when there is no such vault, so the time taken says nothing about which part was wrong.
    const matches = tokenMatches(token, vault?.tokenHash ?? UNUSABLE_HASH);
    if (vault === undefined || !matches) throw this.#failed('The token opens no vault', address);
    this.#remember(tokenHash, vault);
    return vault;
  }

  #failed(message: string, address: string): ApiError {
    this.#failures.take(address);
    return new ApiError('unauthorized', message);
  }

  #recall(tokenHash: string): VaultRecord | undefined {
    const entry = this.#verified.get(tokenHash);
    return entry !== undefined && this.#now() - entry.at < this.#rememberMs ? entry.vault : undefined;
  }

  #remember(tokenHash: string, vault: VaultRecord): void {
    this.#verified.delete(tokenHash);
    this.#verified.set(tokenHash, { vault, at: this.#now() });
    if (this.#verified.size > this.#maxRemembered) {
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
  }
}

const UNUSABLE_HASH = '0'.repeat(64);
