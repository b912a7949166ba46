/**
 * The version of the bank's rules this code decides requests under. Every request records the version it was made
 * under; a device that meets a request of newer rules stops deriving there rather than guess (see `Derivation`).
 * Raise it whenever a change would decide some request differently.
 *
 * 1. The first rules: amounts and limits any safe integer of cents, closing whatever the balance.
 * 2. Notes and dates on money movements, an opening balance, renaming, closing only at a zero balance, and the
 *    maxima `MAX_AMOUNT` and `MAX_BALANCE` (a refund is never refused). See `docs/architecture.md`, "Rules".
 */
export const RULES_VERSION = 2;
