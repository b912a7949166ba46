import * as z from 'zod/mini';

/** Where the name a person gave this device is kept in `localStorage`. */
export const DEVICE_NAME_KEY = 'offline-bank:device-name';

/** The longest device name kept. */
export const MAX_DEVICE_NAME = 40;

const deviceNameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_DEVICE_NAME));

/**
 * The name the person gave this device ("Laptop"), or `undefined`. Kept on this device; with sync on, it also travels
 * encrypted inside each request this device seals, so that the other devices of the vault name it so.
 */
export function readDeviceName(): string | undefined {
  try {
    const parsed = deviceNameSchema.safeParse(localStorage.getItem(DEVICE_NAME_KEY) ?? '');
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the name (an empty one forgets it); false when the browser refuses to store it. */
export function writeDeviceName(name: string): boolean {
  try {
    const parsed = deviceNameSchema.safeParse(name);
    if (parsed.success) localStorage.setItem(DEVICE_NAME_KEY, parsed.data);
    else localStorage.removeItem(DEVICE_NAME_KEY);
    return true;
  } catch {
    return false;
  }
}

/** A device of the vault, in the order its first request appears in the vault log, with its latest name. */
export interface VaultDevice {
  readonly deviceId: string;
  readonly name?: string | undefined;
}

/**
 * How a request's device is named on screen, never by its id: "This device" (or the name given to it) for this
 * device's requests; every other device by the name its person gave it and sealed with its latest request, or else
 * "Device N", N being its place among the vault's devices in the order their first requests appear in the vault log,
 * which is the same on every device of the vault.
 */
export function deviceNamer(
  devices: readonly VaultDevice[],
  ownName: string | undefined,
): (request: { readonly mine: boolean; readonly deviceId: string | null }) => string {
  const named = new Map(devices.map(({ deviceId, name }, index) => [deviceId, name ?? `Device ${index + 1}`]));
  return ({ mine, deviceId }) => {
    if (mine) return ownName === undefined ? 'This device' : `This device (${ownName})`;
    return (deviceId === null ? undefined : named.get(deviceId)) ?? 'Another device';
  };
}
