import { createBankSystem, type BankSystem } from '../../bank';
import type { Persistence } from '../../eventsourcing';
import type { BankSync, BankSyncOptions } from '../../sync/bank-sync';
import { readDeviceName } from '../state/device-names';

/** A running bank, with its sync when it was started with sync options (`BankSystem.sync`). */
export type SyncedBankSystem = BankSystem & { readonly sync?: BankSync | undefined };

/** How the app starts a bank on a device: with `sync` options the bank derives from the vault's order and syncs. */
export type StartBank = (options: {
  readonly persistence: Persistence;
  readonly sync?: BankSyncOptions;
  /**
   * `'vault'` starts a device that syncs without its sync (it could not start): its bank still follows the vault's
   * order, as far as it got, and its new requests wait.
   */
  readonly sequencer?: 'vault';
}) => Promise<SyncedBankSystem>;

/**
 * Starts the bank as the app runs it: the background runner (followers in the tab that leads), and sync when its
 * options are given. A device that never syncs must never download the sync module: the bank loads it only when
 * `sync` is given, which keeps the first visit small.
 */
export const startBank: StartBank = ({ persistence, sync, sequencer }) => {
  const options = {
    persistence,
    runner: 'rx',
    // The name given to this device travels with its requests, read as each is sealed (it may change meanwhile).
    ...(sync === undefined ? {} : { sync: { deviceName: readDeviceName, ...sync } }),
    ...(sequencer === undefined ? {} : { sequencer }),
  } as const;
  return createBankSystem(options);
};
