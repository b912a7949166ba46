import type { Application } from '../eventsourcing';
import { Accounts, Commands, LedgerService, Sagas, TransactionLog, type BankSystem } from '../bank';

/** The names of the bank system's applications, sources first: an export lists them in this order. */
export const BANK_APPLICATION_NAMES: readonly string[] = [
  Commands.applicationName,
  Sagas.applicationName,
  Accounts.applicationName,
  LedgerService.applicationName,
  TransactionLog.applicationName,
];

/** The running system's applications, in the order of `BANK_APPLICATION_NAMES`. */
export function bankApplications(system: BankSystem): readonly Application[] {
  return [system.commands, system.sagas, system.accounts, system.ledger, system.transactionLog];
}
