import { LocalStoreError } from './local-store-error';
import type { VaultKeyStore } from './vault-key-store';

/** The recovery code of the vault key a device keeps; `LocalStoreError` when it keeps none (it never synced). */
export async function recoveryCodeOf(keys: VaultKeyStore): Promise<string> {
  const code = await keys.recoveryCode();
  if (code === undefined) throw new LocalStoreError('this device keeps no vault key');
  return code;
}
