// What other code (tests, tools) may use of the PWA: money formatting and parsing, and the event-log file with its
// export and import. The components register themselves when main.ts (the entry) imports the app shell; they need a
// browser window and are not listed here.
export { accountHistory, balancePoints, type HistoryLine } from './account-history';
export type { BalancePoint } from './balance-point';
export { describeAmountProblem } from './describe-amount-problem';
export { describeEntry } from './describe-entry';
export {
  EVENT_LOG_FORMAT,
  EVENT_LOG_FORMAT_VERSION,
  eventLogFileSchema,
  type EventLogFile,
  type ExportedApplication,
} from './event-log-file';
export { exportEventLog } from './export-event-log';
export { centsToDecimal, formatAmountForInput, formatMoney } from './format-money';
export { ImportRefusedError, type ImportRefusal } from './import-refused-error';
export { importSummary, matchesSummary, readEventLogFile, writeEventLog, type ImportSummary } from './import-event-log';
export type { LoggedEntry } from './logged-entry';
export type { MoneyFormat } from './money-format';
export type { MoneyRequest } from './money-request';
export { numberSymbols, type NumberSymbols } from './number-symbols';
export { parseAmount, type AmountParse, type AmountProblem } from './parse-amount';
export {
  parseSyncSettings,
  readSyncSettings,
  SYNC_SETTINGS_KEY,
  syncSettingsSchema,
  writeSyncSettings,
  type SyncSettings,
  type SyncSettingsProblems,
} from './sync-settings-store';
