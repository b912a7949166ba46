import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Vault tokens: `<vault id>.<secret>`, 256 random bits of secret in base64url. Only the SHA-256 of the whole token
 * is stored. The vault id in front lets the server find the vault by its primary key, and the hashes are then
 * compared in constant time, so the answer time says nothing about how much of a guess was right.
 */
export interface NewVaultToken {
  readonly vaultId: string;
  readonly token: string;
  readonly tokenHash: string;
}

/** A fresh vault id with its token and the token's hash. */
export function newVaultToken(): NewVaultToken {
  const vaultId = randomUUID();
  const token = `${vaultId}.${randomBytes(32).toString('base64url')}`;
  return { vaultId, token, tokenHash: hashToken(token) };
}

/** The vault id a token names, or undefined when it has not the token's shape. */
export function vaultIdOf(token: string): string | undefined {
  const match = TOKEN_SHAPE.exec(token);
  return match?.[1];
}

/** SHA-256 of the token, hex. Also the key of the per-token rate limit. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with a stored hash in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

const TOKEN_SHAPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;
