// The public surface of the bank: its domain (money, errors, the account and ledger aggregates) and its applications.
export {
  Account,
  type AccountOpening,
  type AccountOpeningOptions,
  type AccountState,
  type MovementOptions,
} from './account';
export { AccountNotEmptyError } from './account-not-empty-error';
export { BalanceLimitError } from './balance-limit-error';
export {
  checkedDetails,
  dateOf,
  isCalendarDate,
  MAX_NOTE,
  OPENING_BALANCE_NOTE,
  occurredOnOf,
  type MovementDetails,
} from './movement-details';
export { AccountClosedError } from './account-closed-error';
export {
  ACCOUNT_EVENT_SCHEMAS,
  isAccountEvent,
  type AccountClosed,
  type AccountCredited,
  type AccountDebited,
  type AccountEvent,
  type AccountOpened,
  type AccountRefunded,
  type AccountRefusalRecorded,
  type AccountRenamed,
  type OverdraftLimitSet,
} from './account-event';
export { accountId } from './account-id';
export { AccountNotFoundError } from './account-not-found-error';
export { accountView, type AccountView } from './account-view';
export { BankAccounts, type BankAccountsOptions } from './bank-accounts';
export { BankError, isBankError, isBankErrorCode, type BankErrorCode, type BankErrorName } from './bank-error';
export { fromErrorData, isBankErrorData, toErrorData, type BankErrorData } from './bank-error-data';
export { boundedCents, cents, MAX_AMOUNT, MAX_BALANCE, sumCents, type CentsKind } from './cents';
export { InsufficientFundsError } from './insufficient-funds-error';
export { InvalidAmountError } from './invalid-amount-error';
export { GENERAL_LEDGER_ID, GENERAL_LEDGER_NAME, Ledger, type LedgerEvent, type LedgerState } from './ledger';
export {
  LedgerService,
  type GeneralLedgerTotals,
  type LedgerReadOptions,
  type LedgerServiceOptions,
} from './ledger-service';
export { SameAccountTransferError } from './same-account-transfer-error';
export { createSimpleBank, type SimpleBank, type SimpleBankOptions } from './simple-bank';
export type { TransactionEntry } from './transaction-entry';
export { transactionEntryOf } from './transaction-entry-of';
export {
  TRANSACTION_JOURNAL_ID,
  TRANSACTION_JOURNAL_SCHEMAS,
  TransactionJournal,
  type TransactionJournalEvent,
  type TransactionJournalState,
  type TransactionLogged,
} from './transaction-journal';
export { TransactionLog, type TransactionLogOptions } from './transaction-log';
export { AccountDesk, type AccountReadOptions } from './account-desk';
export { Accounts, type AccountsOptions } from './accounts';
export {
  createBankApplications,
  createBankSystem,
  type BankApplications,
  type BankSystem,
  type BankSystemOptions,
} from './bank-system';
export {
  COMMAND_SCHEMAS,
  Command,
  EVENT_TYPES,
  isMoneyRequest,
  requestOf,
  type AccountClosingRequested,
  type AccountOpeningRequested,
  type AccountRenamingRequested,
  type AccountRequest,
  type BankRequest,
  type BankRequestKind,
  type CommandEvent,
  type CommandRequest,
  type DepositRequested,
  type OverdraftLimitChangeRequested,
  type TransferRequested,
  type WithdrawalRequested,
} from './command';
export {
  ConfirmedRequests,
  VaultLog,
  type ConfirmedEntry,
  type RequestConfirmed,
  type VaultHandover,
  type VaultLogState,
} from './confirmed-requests';
export { confirmedRequestOf } from './confirmed-request-of';
export { bankDigest } from './bank-digest';
export { Checkpoint, type CarriedCheckpoint, type CheckpointTaken } from './checkpoint';
export { Derivation, type DerivationOptions } from './derivation';
export {
  DEFAULT_CHECKPOINT_INTERVAL,
  DerivationCheckpoints,
  type DerivationCheckpointsOptions,
} from './derivation-checkpoints';
export { Divergences, type Divergence, type DivergenceFound } from './divergences';
export { InvalidRequestError } from './invalid-request-error';
export { NewerRulesError } from './newer-rules-error';
export { RequestClock } from './request-clock';
export { RequestOutcome, type RequestDecided, type RequestOutcomeState } from './request-outcome';
export { deriveRequest, type CascadeTargets, type ConfirmedRequest } from './request-cascade';
export { MAX_REQUEST_TEXT, newerRulesOf, parseRequest, type ParsedRequest } from './request-schema';
export { RULES_VERSION } from './rules-version';
export { Commands, type CommandsOptions } from './commands';
export {
  Saga,
  type SagaCreditRequired,
  type SagaEvent,
  type SagaFailed,
  type SagaRefundRequired,
  type SagaStarted,
  type SagaState,
  type SagaStatus,
  type SagaSucceeded,
} from './saga';
export { sagaView, type SagaView } from './saga-view';
export { Sagas, type SagasOptions } from './sagas';
export { TransactionRefusal, type TransactionRefused } from './transaction-refusal';
export type {
  InspectedEvents,
  InspectedPage,
  InspectedRequest,
  InspectedStatus,
  InspectorFilter,
} from './inspected-request';
export type { RequestInspectorOptions } from './request-inspector';
export { requestAccounts } from './request-accounts';
export {
  RequestTrail,
  type RequestTrace,
  type RequestTraced,
  type TracedAggregate,
  type TracedOutcome,
  type TracedRange,
} from './request-trail';
