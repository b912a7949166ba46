import type { LogResponse, PushRequests, PushRequestsResponse } from '../src/sync/protocol';

/**
 * Where the server keeps each vault's log of encrypted requests (the v2 API). It stores and returns envelopes as
 * opaque text and never looks inside.
 *
 * Invariants:
 * - A push is one transaction: all its new requests are stored, or none (an `ApiError` 409 otherwise).
 * - A device's positions are gap-free from 1. A stored position re-sent with the same envelope stores nothing; with
 *   another envelope it is `position-conflict`; a first new position other than the acknowledged one + 1 is
 *   `position-gap`.
 * - New requests get the vault's next `seq`s in push order; `seq` is gap-free from 1 and increases in commit order,
 *   so a reader paging by `seq` never skips a request committed late.
 * - Every query is scoped by vault id.
 */
export interface RequestStorage {
  /** Stores a push; answers what the server now holds for the device, and the vault's head. */
  push(vaultId: string, push: PushRequests): Promise<PushRequestsResponse>;
  /** Up to `limit` entries with `seq > after`, in `seq` order, with the head. */
  log(vaultId: string, after: number, limit: number): Promise<LogResponse>;
  /** The vault's highest `seq` (0 when empty). */
  head(vaultId: string): Promise<number>;
}
