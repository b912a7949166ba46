// What tests and tools use of the PWA, and nothing else: the words and formats the screens show, the bank file with
// its export and import, the store the screens read, and the settings they keep. The components register themselves
// when app/main.ts (the entry) imports the app shell; they need a browser window and are not listed here.
export { parseRoute, routeHref } from './app/route';
export { centsToDecimal, formatAmountForInput, formatMoney } from './format/format-money';
export { describeAnyRequest } from './format/describe-any-request';
export { describeEntry } from './format/describe-entry';
export { describeRefusalAfterSync } from './format/describe-refusal-after-sync';
export { availableClause, describeAvailable } from './format/describe-available';
export { describeBankError } from './format/describe-bank-error';
export { describeStatementRefusal } from './format/describe-statement-refusal';
export { describeSyncProblem } from './format/describe-sync-problem';
export { inspectedStatus } from './format/inspected-status';
export { parseAmount } from './format/parse-amount';
export { BankStore } from './state/bank-store';
export { deviceNamer, readDeviceName, writeDeviceName } from './state/device-names';
export type { LoggedEntry } from './state/logged-entry';
export type { MoneyRequest } from './state/money-request';
export {
  hasMovementFilters,
  movementFiltersQuery,
  parseMovementFilters,
  readMovementFilters,
  type MovementFilters,
} from './state/movement-filters';
export { foldText, MovementSearch, type MovementQuery } from './state/movement-search';
export { moneyRequestStatus } from './state/request-status';
export { parseSyncSettings, readSyncSettings, SYNC_SETTINGS_KEY, writeSyncSettings } from './state/sync-settings-store';
export { summarizeSyncStatus } from './state/sync-status-summary';
export { accountHistory, pointsInRange } from './use-cases/account-history';
export { availableToSpend } from './use-cases/available-to-spend';
export {
  checkRecoveryCode,
  describeRecoveryCodeProblem,
  type ParseRecoveryCode,
} from './use-cases/check-recovery-code';
export type { EventLogFile, ExportedRequest } from './use-cases/event-log-file';
export { exportEventLog } from './use-cases/export-event-log';
export { ImportRefusedError } from './use-cases/import-refused-error';
export { BANK_STORE_NAMES, readEventLogFile, writeEventLog } from './use-cases/import-event-log';
export { entryKind, historyShape, REQUEST_SHAPE } from './use-cases/movement-shapes';
export {
  existingMovements,
  guessStatementMapping,
  planStatementImport,
  readStatementTable,
  recordStatement,
  type StatementMapping,
} from './use-cases/statement-import';
export { asText, CSV_COLUMNS, transactionsCsv } from './use-cases/transactions-csv';
export { syncServerOrigin } from './use-cases/sync-server-origin';
