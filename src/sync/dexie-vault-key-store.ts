import Dexie, { type Table } from 'dexie';
import { CanonicalBytes } from './canonical-bytes';
import { LocalStoreError } from './local-store-error';
import { encodeRecoveryCode } from './recovery-code';
import { importVaultKey } from './vault-key';
import type { VaultKeyStore } from './vault-key-store';

/** Where `DexieVaultKeyStore` keeps its database. */
export interface DexieVaultKeyStoreOptions {
  /** The IndexedDB database, of this store alone. */
  readonly databaseName: string;
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * The vault key in IndexedDB, as non-extractable `CryptoKey`s (IndexedDB stores a `CryptoKey` by structured clone,
 * key material included, without ever exposing it to script).
 *
 * Invariants:
 * - One table `keys` holds at most two rows. `device`: a non-extractable AES-GCM key of this device, made on the
 *   first save and kept until `clear`. `vault`: the non-extractable vault key for use, and the vault key's bytes
 *   sealed under the device key (with the device key's id as additional data), so that `recoveryCode()` can show
 *   the code again. No row holds the key's bytes in the clear.
 * - No WebCrypto call is awaited inside a transaction (the transaction would commit early): keys are made, sealed
 *   and opened between transactions. A save stores its sealed bytes only if the device key it sealed under is
 *   still the stored one (another tab may have cleared it meanwhile), and seals again otherwise.
 * - Writes request strict durability: a key the person was told is saved must survive a crash.
 * - Every IndexedDB or WebCrypto failure is a `LocalStoreError`. A browser that cannot store a `CryptoKey` fails
 *   the same way; the key's bytes are never stored instead.
 */
export class DexieVaultKeyStore implements VaultKeyStore {
  readonly #db: Dexie;
  readonly #keys: Table<KeyRow, KeyRow['name']>;

  constructor(options: DexieVaultKeyStoreOptions) {
    this.#db = new Dexie(options.databaseName, {
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
    });
    this.#db.version(1).stores({ keys: 'name' });
    this.#keys = this.#db.table('keys');
  }

  async save(raw: Uint8Array): Promise<void> {
    const key = await importVaultKey(raw);
    await LocalStoreError.wrap(async () => {
      for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
        const device = await this.#deviceKey();
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const algorithm = { name: 'AES-GCM', iv, additionalData: sealingData(device.id) };
        const sealed = new Uint8Array(await crypto.subtle.encrypt(algorithm, device.key, raw.slice()));
        const row: VaultKeyRow = { name: 'vault', deviceKeyId: device.id, key, iv, sealed };
        const saved = await this.#db.transaction('rw', this.#keys, async () => {
          if (deviceRow(await this.#keys.get('device'))?.id !== device.id) return false;
          await this.#keys.put(row);
          return true;
        });
        if (saved) return;
      }
      throw new LocalStoreError(`the device key was replaced during each of ${SAVE_ATTEMPTS} attempts to save`);
    });
  }

  key(): Promise<CryptoKey | undefined> {
    return LocalStoreError.wrap(async () => vaultRow(await this.#keys.get('vault'))?.key);
  }

  recoveryCode(): Promise<string | undefined> {
    return LocalStoreError.wrap(async () => {
      const [device, vault] = await this.#keys.bulkGet(['device', 'vault']);
      const sealed = vaultRow(vault);
      if (sealed === undefined) return undefined;
      const sealer = deviceRow(device);
      if (sealer?.id !== sealed.deviceKeyId) throw new LocalStoreError('the device key of the vault key is missing');
      const algorithm = { name: 'AES-GCM', iv: sealed.iv, additionalData: sealingData(sealer.id) };
      let raw: Uint8Array;
      try {
        raw = new Uint8Array(await crypto.subtle.decrypt(algorithm, sealer.key, sealed.sealed));
      } catch (error) {
        throw new LocalStoreError('the stored vault key does not open under the device key', { cause: error });
      }
      const code = encodeRecoveryCode(raw);
      raw.fill(0);
      return code;
    });
  }

  clear(): Promise<void> {
    return LocalStoreError.wrap(() => this.#keys.clear());
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }

  /** The stored device key, or a new one stored now; of two tabs making one at once, the first stored wins. */
  async #deviceKey(): Promise<DeviceKeyRow> {
    const stored = deviceRow(await this.#keys.get('device'));
    if (stored !== undefined) return stored;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const made: DeviceKeyRow = { name: 'device', id: crypto.randomUUID(), key };
    return this.#db.transaction('rw', this.#keys, async () => {
      const current = deviceRow(await this.#keys.get('device'));
      if (current !== undefined) return current;
      await this.#keys.put(made);
      return made;
    });
  }
}

/** Sealing the vault key again after losing a race with `clear` in another tab this many times is a failure. */
const SAVE_ATTEMPTS = 3;

type DeviceKeyRow = { readonly name: 'device'; readonly id: string; readonly key: CryptoKey };

type VaultKeyRow = {
  readonly name: 'vault';
  readonly deviceKeyId: string;
  readonly key: CryptoKey;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly sealed: Uint8Array<ArrayBuffer>;
};

type KeyRow = DeviceKeyRow | VaultKeyRow;

function deviceRow(row: KeyRow | undefined): DeviceKeyRow | undefined {
  return row?.name === 'device' ? row : undefined;
}

function vaultRow(row: KeyRow | undefined): VaultKeyRow | undefined {
  return row?.name === 'vault' ? row : undefined;
}

/** The additional data of the sealed vault key: what it is and which device key sealed it. */
function sealingData(deviceKeyId: string): Uint8Array<ArrayBuffer> {
  return new CanonicalBytes(64).byte(1).text('vault key').text(deviceKeyId).finish();
}
