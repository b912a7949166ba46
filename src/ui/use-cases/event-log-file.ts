import * as z from 'zod/mini';

/** The `format` field that marks a file as this app's export. */
export const EVENT_LOG_FORMAT = 'offline-bank-event-log';
/**
 * The version of the file layout this code writes: 2, the log of requests the bank is derived from. Version 1 (every
 * application's stored events) is still read (`readEventLogFile`), for files saved by earlier versions of the app.
 */
export const EVENT_LOG_FORMAT_VERSION = 2;

const positiveInt = z.int().check(z.positive());
const nonNegativeInt = z.int().check(z.nonnegative());
const jsonObject = z.record(z.string(), z.unknown());
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/**
 * One request as `Commands` stored it: its id (the request id: saga id, transaction id, account id of an opening),
 * the event type that records it, the schema version its data was written under, when it was made, and its data.
 */
const requestSchema = z.strictObject({
  id: text(1000),
  type: text(200),
  schemaVersion: positiveInt,
  timestamp: text(64),
  data: jsonObject,
});

/** One account as the bank derived it when the file was saved. */
const accountSummarySchema = z.strictObject({
  id: text(1000),
  balance: z.int(),
  overdraftLimit: nonNegativeInt,
  isClosed: z.boolean(),
  version: positiveInt,
});

/**
 * The bank as a log of requests (format version 2): every request, in the order the bank was derived from them;
 * the requests of this device that were still waiting to sync (decided after the others on the importing device);
 * the bank those requests gave (every account, the ledger), to check an import against; and a SHA-256 digest of
 * `requests`, `pending` and `summary` (as JSON text) that shows any damage.
 */
export const eventLogFileSchema = z.strictObject({
  format: z.literal(EVENT_LOG_FORMAT),
  formatVersion: z.literal(EVENT_LOG_FORMAT_VERSION),
  exportedAt: z.string(),
  appVersion: z.string(),
  requests: z.array(requestSchema),
  pending: z.array(requestSchema),
  summary: z.strictObject({
    accounts: z.array(accountSummarySchema),
    // Written as a string of digits when the sum passes the safe integers (a bank of the first rules may hold such).
    ledgerBalance: z.union([z.int(), z.string().check(z.regex(/^-?\d{1,30}$/u))]),
    transactionCount: nonNegativeInt,
  }),
  digest: z.string().check(z.regex(/^[0-9a-f]{64}$/u)),
});

/** An export file, as the schema reads it. */
export type EventLogFile = z.infer<typeof eventLogFileSchema>;
/** One request of an export file. */
export type ExportedRequest = EventLogFile['requests'][number];
/** One account of an export file's summary. */
export type AccountSummary = EventLogFile['summary']['accounts'][number];

/** The tracking stamp of an event a follower wrote (format version 1). */
const stampSchema = z.strictObject({
  upstreamName: text(200),
  notificationId: positiveInt,
  originatorId: text(200),
  originatorVersion: positiveInt,
});

/** One stored event of an application's log (format version 1). */
const notificationSchema = z.strictObject({
  id: positiveInt,
  originatorId: text(200),
  originatorVersion: positiveInt,
  type: text(200),
  schemaVersion: positiveInt,
  timestamp: text(64),
  data: jsonObject,
  tracking: z.optional(stampSchema),
});

/**
 * The layout earlier versions of the app wrote (format version 1): every application's stored events with their
 * tracking positions, the balances, and a SHA-256 digest of `applications`.
 */
export const eventLogFileV1Schema = z.strictObject({
  format: z.literal(EVENT_LOG_FORMAT),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  appVersion: z.string(),
  applications: z.array(
    z.strictObject({
      name: text(200),
      notifications: z.array(notificationSchema),
      tracking: z.array(z.strictObject({ upstreamName: text(200), notificationId: positiveInt })),
    }),
  ),
  summary: z.strictObject({
    accounts: z.array(z.strictObject({ id: z.string(), balance: z.int() })),
    ledgerBalance: z.int(),
    transactionCount: nonNegativeInt,
  }),
  digest: z.string().check(z.regex(/^[0-9a-f]{64}$/u)),
});

/** A file of format version 1, as the schema reads it. */
export type EventLogFileV1 = z.infer<typeof eventLogFileV1Schema>;
/** One stored event of a format version 1 file. */
export type ExportedNotification = EventLogFileV1['applications'][number]['notifications'][number];
