import type { BankSyncStatus } from '../../sync/bank-sync';
import { describeSyncProblem } from '../format/describe-sync-problem';

/** The sync state in a few words for the header, and when something is wrong, why. */
export interface SyncStatusSummary {
  /** A few words: "Synced", "Syncing…", "Offline", "3 waiting", "Sync stopped". */
  readonly label: string;
  readonly tone: 'ok' | 'busy' | 'waiting' | 'problem';
  /** Why sync is not working, in words; only when it is not. */
  readonly problem?: string;
}

/** What the header shows of the sync state. */
export function summarizeSyncStatus(status: BankSyncStatus): SyncStatusSummary {
  const waiting = status.pending === 0 ? '' : ` · ${status.pending} waiting`;
  const problem = status.error === undefined ? {} : { problem: describeSyncProblem(status.error) };
  switch (status.state) {
    case 'idle':
      return status.pending === 0
        ? { label: 'Synced', tone: 'ok' }
        : { label: `${status.pending} waiting to sync`, tone: 'waiting' };
    case 'syncing':
      return { label: 'Syncing…', tone: 'busy' };
    case 'offline':
      return { label: `Offline${waiting}`, tone: 'waiting', ...problem };
    case 'error':
      // Sync carries on when devices disagree: what is wrong is the bank, not the sync.
      if (status.error?.code === 'diverged')
        return { label: `Devices disagree${waiting}`, tone: 'problem', ...problem };
      return { label: `Not synced${waiting}`, tone: 'problem', ...problem };
    case 'stopped':
      return {
        label: 'Sync stopped',
        tone: 'problem',
        problem: describeSyncProblem(status.error ?? { code: 'unknown', message: '' }),
      };
  }
}
