// What other code (tests, tools) may use of the PWA: money formatting and parsing, the bank file with its export and
// import, the store the screens read, and the words they show for requests and sync. The components register themselves when main.ts (the entry) imports the app shell; they need a
// browser window and are not listed here.
export { accountHistory, balancePoints, type HistoryLine } from './account-history';
export { availableToSpend, pendingDebits } from './available-to-spend';
export type { BalancePoint } from './balance-point';
export { BankStore, type BankStoreOptions } from './bank-store';
export {
  checkRecoveryCode,
  describeRecoveryCodeProblem,
  type ParseRecoveryCode,
  type RecoveryCodeCheck,
  type RecoveryCodeProblem,
} from './check-recovery-code';
export { describeAmountProblem } from './describe-amount-problem';
export { describeAnyRequest } from './describe-any-request';
export { deviceNamer, DEVICE_NAME_KEY, readDeviceName, writeDeviceName } from './device-names';
export { describeEntry } from './describe-entry';
export { describeRefusalAfterSync } from './describe-refusal-after-sync';
export { describeSyncProblem, isSyncProblem, type SyncProblem } from './describe-sync-problem';
export {
  EVENT_LOG_FORMAT,
  EVENT_LOG_FORMAT_VERSION,
  eventLogFileSchema,
  eventLogFileV1Schema,
  type AccountSummary,
  type EventLogFile,
  type EventLogFileV1,
  type ExportedNotification,
  type ExportedRequest,
} from './event-log-file';
export { exportEventLog } from './export-event-log';
export { centsToDecimal, formatAmountForInput, formatMoney } from './format-money';
export { ImportRefusedError, isImportRefusedError, type ImportRefusal } from './import-refused-error';
export {
  BANK_STORE_NAMES,
  matchesSummary,
  readEventLogFile,
  writeEventLog,
  type CheckedEventLog,
  type ExpectedAccount,
  type ImportResult,
} from './import-event-log';
export { inspectedStatus } from './inspected-status';
export type { LoggedEntry } from './logged-entry';
export { requestLogOf, type LoggedEvent } from './request-log-of';
export type { MoneyFormat } from './money-format';
export type { MoneyRequest } from './money-request';
export { numberSymbols, type NumberSymbols } from './number-symbols';
export { parseAmount, type AmountParse, type AmountProblem } from './parse-amount';
export type { AccountRequestEntry, RecordedRequest } from './recorded-request';
export { moneyRequestStatus, type RequestStatus, type RequestStatusContext } from './request-status';
export { parseRoute, routeHref, type MoveKind, type Route } from './route';
export { startBank, type StartBank, type SyncedBankSystem } from './start-bank';
export { syncServerOrigin } from './sync-server-origin';
export {
  parseSyncSettings,
  readSyncSettings,
  SYNC_SETTINGS_KEY,
  syncSettingsSchema,
  writeSyncSettings,
  type SyncSettings,
  type SyncSettingsProblems,
} from './sync-settings-store';
export { summarizeSyncStatus, type SyncStatusSummary } from './sync-status-summary';
