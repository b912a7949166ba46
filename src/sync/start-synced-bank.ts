import type { BankApplications, BankSystem, BankSystemOptions } from '../bank';
import { SyncRunner, TrackingConflictError, type Persistence } from '../eventsourcing';
import type { BankSync, BankSyncOptions } from './bank-sync';
import { CannotJoinError } from './cannot-join-error';
import { parseRecoveryCode } from './recovery-code';
import { openRequest } from './request-cipher';
import { RequestApi } from './request-api';
import { SyncDevice } from './sync-device';
import { VaultSync } from './vault-sync';
import { generateVaultKey, importVaultKey } from './vault-key';
import { vaultKeyStoreFor } from './vault-key-store-for';

/** What the bank lends the sync module to build itself with: its own constructors (sync never imports them). */
export interface BankParts {
  readonly createApplications: (options: Omit<BankSystemOptions, 'runner'>) => BankApplications;
  readonly start: (applications: BankApplications, options: BankSystemOptions) => BankSystem;
  /** The name of the derivation's tracking records for an upstream log. */
  readonly trackingName: (upstreamName: string) => string;
}

/** A bank system that syncs. */
export type SyncedBankSystem = BankSystem & { readonly sync: BankSync };

/**
 * Starts a bank that syncs with a vault: the device joins the vault the first time (as its first device, pushing
 * its history as the vault's start, or empty, deriving the vault's log), and from then on its bank is derived from
 * the vault's order of requests. Everything that can be refused is refused before anything is written: a token of
 * the wrong shape, a mistyped recovery code (its checksum), a wrong one (it does not open the vault's first
 * request), a device holding a bank that would join a vault holding another.
 */
export async function startSyncedBank(
  options: BankSystemOptions & { readonly sync: BankSyncOptions },
  parts: BankParts,
): Promise<SyncedBankSystem> {
  const { persistence, sync } = options;
  const vaultId = vaultIdOf(sync.token);
  const raw = sync.recoveryCode === undefined ? undefined : parseRecoveryCode(sync.recoveryCode);
  const api = new RequestApi({
    url: sync.url,
    token: sync.token,
    ...(sync.fetch === undefined ? {} : { fetch: sync.fetch }),
  });
  const device = new SyncDevice({ persistence });
  const keys = vaultKeyStoreFor(persistence);
  try {
    let facts = await device.device();
    if (facts !== undefined && facts.vaultId !== vaultId) throw new CannotJoinError('other-vault');
    facts ??= await join({ persistence, options, parts, api, device, keys, vaultId, raw });
    const key = await keys.key();
    if (key === undefined) throw new CannotJoinError('code-required');
    const applications = parts.createApplications({ ...options, sequencer: 'vault' });
    const { confirmedRequests } = applications;
    if (confirmedRequests === undefined) throw new TypeError('A synced bank derives from the vault log');
    const system = parts.start(applications, options);
    const vaultSync = new VaultSync({
      api,
      device,
      commands: applications.commands,
      confirmed: confirmedRequests,
      keys,
      key,
      vaultId,
      deviceId: facts.deviceId,
      handover: facts.handover,
      founding: facts.founding === true,
      settled: () => system.settled(),
      checkpoint: () => applications.derivation.latestCheckpoint(confirmedRequests.name),
      ...(sync.deviceName === undefined ? {} : { deviceName: sync.deviceName }),
      divergences: async () => (await applications.checkpoints?.divergences()) ?? [],
      isLeader$: system.isLeader$,
    });
    vaultSync.start();
    return {
      ...system,
      sync: vaultSync,
      stop: async () => {
        await vaultSync.stop();
        await system.stop();
        await Promise.all([device.close(), keys.close()]);
      },
    };
  } catch (error) {
    await Promise.all([device.close(), keys.close()]);
    throw error;
  }
}

interface Joining {
  readonly persistence: Persistence;
  readonly options: BankSystemOptions;
  readonly parts: BankParts;
  readonly api: RequestApi;
  readonly device: SyncDevice;
  readonly keys: ReturnType<typeof vaultKeyStoreFor>;
  readonly vaultId: string;
  readonly raw: Uint8Array | undefined;
}

/** The device's first sync with the vault: decides how it joins, keeps its key, and records its identity. */
async function join(joining: Joining) {
  const { options, parts, api, device, keys, vaultId, raw } = joining;
  const history = await ownHistory(options, parts);
  const first = await api.log(0, 1);
  const entry = first.entries[0];
  let key: Uint8Array;
  let handover = 0;
  let founding = false;
  if (first.head > 0 && entry !== undefined) {
    if (history > 0) throw new CannotJoinError('not-empty');
    if (raw === undefined) throw new CannotJoinError('code-required');
    const { deviceId, position, envelope } = entry;
    try {
      await openRequest(await importVaultKey(raw), { vaultId, deviceId, position }, envelope);
    } catch {
      throw new CannotJoinError('wrong-code');
    }
    key = raw;
  } else {
    // A device given a code shares its key with the device that showed it: only one that makes a key must be
    // the vault's first.
    founding = raw === undefined;
    key = raw ?? generateVaultKey();
    handover = history;
  }
  if (handover > 0) await markHandover(joining, handover);
  await keys.save(key);
  return device.join({ deviceId: crypto.randomUUID(), vaultId, handover, founding });
}

/**
 * How many requests this device derived as its own sequencer (all of them, once the derivation has caught up);
 * `CannotJoinError('older-history')` for accounts that no request opened (kept by the app before every change was
 * a request: another device could not derive them).
 */
async function ownHistory(options: BankSystemOptions, parts: BankParts): Promise<number> {
  const applications = parts.createApplications({ ...options, sequencer: 'device' });
  const runner = new SyncRunner(applications.system);
  try {
    runner.start();
    await runner.settled();
    const requests = await applications.commands.log.select(1, Number.MAX_SAFE_INTEGER);
    const opened = new Set(
      requests.filter((request) => request.type === 'AccountOpeningRequested').map((request) => request.originatorId),
    );
    const accounts = await applications.accounts.listAccounts();
    if (accounts.some((account) => !opened.has(account.id))) throw new CannotJoinError('older-history');
    return requests.length;
  } finally {
    await runner.stop();
    await Promise.all(applications.system.applications.map((application) => application.close()));
  }
}

/** Tells the derivation that the vault log begins with this device's history, which it has derived already. */
async function markHandover(joining: Joining, handover: number): Promise<void> {
  const recorder = joining.persistence.recorder('accounts');
  try {
    const upstreamName = joining.parts.trackingName('confirmed-requests');
    await recorder.insert([], { tracking: { upstreamName, notificationId: handover, expectedPosition: 0 } });
  } catch (error) {
    // Written already by a start that stopped before the device joined: the same handover.
    if (!(error instanceof TrackingConflictError)) throw error;
  } finally {
    await recorder.close();
  }
}

/** The vault id a token names (`<vault id>.<secret>`); `CannotJoinError` for a token of another shape. */
function vaultIdOf(token: string): string {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/.exec(token);
  if (match?.[1] === undefined) throw new CannotJoinError('token');
  return match[1];
}
