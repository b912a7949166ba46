import * as z from 'zod/mini';

/** The `format` field that marks a file as this app's export. */
export const EVENT_LOG_FORMAT = 'offline-bank-event-log';
/** The version of the file layout this code writes and reads. */
export const EVENT_LOG_FORMAT_VERSION = 1;

const positiveInt = z.int().check(z.positive());
const nonNegativeInt = z.int().check(z.nonnegative());
const jsonObject = z.record(z.string(), z.unknown());

const trackingSchema = z.strictObject({
  upstreamName: z.string().check(z.minLength(1)),
  notificationId: positiveInt,
});

/** The tracking stamp of an event a follower wrote: its tracking record and the upstream notification's identity. */
const stampSchema = z.strictObject({
  upstreamName: z.string().check(z.minLength(1)),
  notificationId: positiveInt,
  originatorId: z.string().check(z.minLength(1), z.maxLength(200)),
  originatorVersion: positiveInt,
});

/**
 * One stored event as it was in its application's log: notification id, envelope, schema version and raw data, and
 * for an event a follower wrote, the tracking stamp of its transaction.
 */
const notificationSchema = z.strictObject({
  id: positiveInt,
  originatorId: z.string().check(z.minLength(1), z.maxLength(200)),
  originatorVersion: positiveInt,
  type: z.string().check(z.minLength(1), z.maxLength(200)),
  schemaVersion: positiveInt,
  timestamp: z.string().check(z.minLength(1), z.maxLength(64)),
  data: jsonObject,
  tracking: z.optional(stampSchema),
});

const applicationSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  notifications: z.array(notificationSchema),
  tracking: z.array(trackingSchema),
});

/**
 * The whole event log of the bank as a file: every application's stored notifications, raw and in order, with
 * their schema versions; each follower's tracking positions; a summary of balances to check an import against;
 * and a SHA-256 digest of `applications` (as JSON text) that shows any damage.
 */
export const eventLogFileSchema = z.strictObject({
  format: z.literal(EVENT_LOG_FORMAT),
  formatVersion: z.literal(EVENT_LOG_FORMAT_VERSION),
  exportedAt: z.string(),
  appVersion: z.string(),
  applications: z.array(applicationSchema),
  summary: z.strictObject({
    accounts: z.array(z.strictObject({ id: z.string(), balance: z.int() })),
    ledgerBalance: z.int(),
    transactionCount: nonNegativeInt,
  }),
  digest: z.string().check(z.regex(/^[0-9a-f]{64}$/u)),
});

/** An export file, as the schema reads it. */
export type EventLogFile = z.infer<typeof eventLogFileSchema>;
/** One application's part of an export file. */
export type ExportedApplication = EventLogFile['applications'][number];
