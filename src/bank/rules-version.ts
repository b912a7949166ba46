/**
 * The version of the bank's rules this code decides requests under. Every request records the version it was made
 * under; a device that meets a request of newer rules stops deriving there rather than guess (see `Derivation`).
 * Raise it whenever a change would decide some request differently.
 */
export const RULES_VERSION = 1;
