import { SyncRunner, System, type Application } from '../eventsourcing';
import type { Accounts } from './accounts';
import type { LedgerService } from './ledger-service';
import type { Sagas } from './sagas';
import type { TransactionLog } from './transaction-log';

/** The stores the pipeline of process applications left, and the tracking name of the derivation that follows. */
export interface LegacyStores {
  readonly commands: Application;
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  readonly trackingName: string;
}

/**
 * Before the bank was derived from its requests, a pipeline of process applications carried them out step by step
 * (`Commands → Sagas → Accounts → Sagas`, `Accounts → LedgerService, TransactionLog`): stores written then may hold
 * work in flight. This finishes it with that pipeline's own policies, without taking any further command, and then
 * records that the derivation starts after the last command the pipeline took. Balances come out exactly as the
 * pipeline would have left them.
 *
 * Invariants:
 * - Runs only on stores the derivation has not written (its position in `Accounts` is 0) and that the pipeline did
 *   (`Sagas` took at least one command); otherwise it does nothing.
 * - Idempotent: the pipeline is exactly-once by its own tracking records, and the derivation's position is written
 *   last, compare-and-set, in one transaction; a crash in between runs it again with nothing left to do.
 * - Only `Accounts` gets the derivation's position: the others start from 0, which tells the derivation that they
 *   hold nothing of the requests after it.
 */
export async function finishLegacyPipeline(stores: LegacyStores): Promise<void> {
  const { commands, sagas, accounts, ledger, transactionLog, trackingName } = stores;
  if ((await accounts.position(trackingName)) > 0) return;
  const takenByPipeline = await sagas.position(commands.name);
  if (takenByPipeline === 0) return;
  const pipeline = new System([
    [sagas, accounts, sagas],
    [accounts, ledger],
    [accounts, transactionLog],
  ]);
  const runner = new SyncRunner(pipeline);
  runner.start();
  try {
    await runner.settled();
  } finally {
    await runner.stop();
  }
  await accounts.recordProcessed([], {
    upstreamName: trackingName,
    notificationId: takenByPipeline,
    expectedPosition: 0,
    // No event is written, so nothing is stamped with the upstream notification.
    upstreamEvent: { originatorId: '', originatorVersion: 0 },
  });
}
