import type { SyncStorage } from './sync-storage';
import { newVaultToken } from './vault-token';

/**
 * Creates a vault and returns its id and token. The token is shown this once: only its hash is stored, so a lost
 * token means a new vault.
 */
export async function createVault(storage: SyncStorage, name: string): Promise<{ vaultId: string; token: string }> {
  const { vaultId, token, tokenHash } = newVaultToken();
  await storage.insertVault({ id: vaultId, name, tokenHash });
  return { vaultId, token };
}
