/** How many requests the vault that a new device joins holds. */
export const JOIN_REQUESTS = 10_000;

/** The sync server the in-page benchmarks of multi-device sync talk to, and its vaults (made in Node). */
export interface BenchVaults {
  /** The server's base address, on 127.0.0.1 (another origin than the page's). */
  readonly url: string;
  /** A vault of `JOIN_REQUESTS` requests recorded and synced by its first device. */
  readonly join: {
    readonly token: string;
    readonly recoveryCode: string;
    /** What its first device derived: every account's balance, by id, and the ledger's. */
    readonly balances: Readonly<Record<string, number>>;
    readonly ledger: number;
  };
  /** An empty vault, for two devices online together. */
  readonly live: { readonly token: string };
}
