/** What the browser says about this site's storage. Sizes in bytes; `undefined` where the browser does not tell. */
export interface StorageStatus {
  readonly usage: number | undefined;
  readonly quota: number | undefined;
  /** Whether the browser keeps the data even under storage pressure. */
  readonly persisted: boolean | undefined;
}

/** Reads the storage estimate and the persistence state (`navigator.storage`), where the browser has them. */
export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = storageManager();
  if (storage === undefined) return { usage: undefined, quota: undefined, persisted: undefined };
  const estimate = await storage.estimate().catch((): StorageEstimate => ({}));
  const persisted = await storage.persisted().catch(() => undefined);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

/** Asks the browser to keep this site's data for good; resolves to whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = storageManager();
  if (storage === undefined) return false;
  return storage.persist();
}

/** `navigator.storage`, which insecure contexts and some browsers lack although the DOM types say otherwise. */
function storageManager(): StorageManager | undefined {
  return (navigator as { storage?: StorageManager }).storage;
}
