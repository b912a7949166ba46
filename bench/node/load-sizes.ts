/** How big a run is; the defaults are 100 devices × 1,000 requests, 1,000 subscribers, 10 vaults. */
export interface LoadSizes {
  /** Devices pushing at once (`LOAD_DEVICES`), spread evenly over the vaults and the instances. */
  readonly devices: number;
  /** Requests each device pushes (`LOAD_REQUESTS`). */
  readonly requests: number;
  /** Requests per push (`LOAD_BATCH`, at most the protocol's 1,000). */
  readonly batch: number;
  /** Devices listening to `GET /v2/events` (`LOAD_SUBSCRIBERS`), spread over the vaults and the instances. */
  readonly subscribers: number;
  /** Vaults the devices share (`LOAD_VAULTS`): a vault is one log, its pushes are ordered one after the other. */
  readonly vaults: number;
  /** Which storages to run on (`LOAD_STORAGES`, comma-separated): both by default. */
  readonly storages: readonly ('pglite' | 'postgres')[];
}

/**
 * The sizes from the environment (`LOAD_DEVICES`, `LOAD_REQUESTS`, `LOAD_BATCH`, `LOAD_SUBSCRIBERS`, `LOAD_VAULTS`,
 * `LOAD_STORAGES`); throws naming a bad one.
 */
export function loadSizes(environment: NodeJS.ProcessEnv = process.env): LoadSizes {
  const size = (name: string, fallback: number, max = 1_000_000) => {
    const text = environment[name];
    const value = text === undefined || text === '' ? fallback : Number(text);
    if (!Number.isSafeInteger(value) || value < 1 || value > max) {
      throw new Error(`${name} must be an integer from 1 to ${max}, not ${text}`);
    }
    return value;
  };
  return {
    devices: size('LOAD_DEVICES', 100),
    requests: size('LOAD_REQUESTS', 1_000),
    batch: size('LOAD_BATCH', 100, 1_000),
    subscribers: size('LOAD_SUBSCRIBERS', 1_000),
    vaults: size('LOAD_VAULTS', 10),
    storages: storagesOf(environment.LOAD_STORAGES),
  };
}

/** Where a run stores: the figures' name suffix, words for the descriptions, how many instances. */
export interface LoadSetup {
  readonly suffix: string;
  readonly storage: string;
  readonly instances: number;
  readonly databaseUrl?: string;
}

/** The sizes in words, for the log and the descriptions. */
export function describeSizes(sizes: LoadSizes): string {
  const perVault = Math.ceil(sizes.devices / sizes.vaults);
  return `${sizes.devices} devices (${sizes.vaults} vaults of up to ${perVault}) each pushing ${sizes.requests.toLocaleString('en-US')} sealed requests in pushes of ${sizes.batch}, one push after the other, with ${sizes.subscribers.toLocaleString('en-US')} subscribers on the event stream`;
}

function storagesOf(text: string | undefined): LoadSizes['storages'] {
  if (text === undefined || text === '') return ['pglite', 'postgres'];
  const storages = text.split(',').map((storage) => storage.trim());
  const known = (storage: string): storage is 'pglite' | 'postgres' => storage === 'pglite' || storage === 'postgres';
  if (!storages.every(known)) throw new Error(`LOAD_STORAGES must list pglite and/or postgres, not ${text}`);
  return storages;
}
