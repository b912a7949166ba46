/**
 * The v2 sync wire protocol: the server is a blind sequencer of encrypted requests. Every device pushes its requests
 * as opaque envelopes; the server orders them into one gap-free log per vault (`seq`) and hands them back byte for
 * byte. Written once, used by the sync client and by the server; untrusted input is parsed here at the edge.
 *
 * Invariants:
 * - Every integer fits the PostgreSQL `bigint` column that stores it: positions and sequence numbers are safe
 *   integers ≥ 1, `after` ≥ 0, all at most `Number.MAX_SAFE_INTEGER`.
 * - An envelope is base64url text without padding (`[A-Za-z0-9_-]`), so it is storable in a `text` column as is
 *   and compared by the server as the text that was sent.
 * - Within one push, positions are consecutive: each is the previous one + 1.
 * - Every object is strict: an unknown key is refused, never silently dropped.
 */
import { z } from 'zod';

/** The limits of the v2 API; the client sizes its pushes and pages by them. */
export const REQUEST_PROTOCOL_LIMITS = {
  /** A request body over this many bytes is refused with 413 `body-too-large`. */
  maxBodyBytes: 1_048_576,
  /** A push of more requests than this is refused with 413 `too-many-requests`; exactly this many is accepted. */
  maxRequestsPerPush: 1_000,
  /** `GET /v2/log` returns this many entries when no `limit` is given. */
  defaultLogLimit: 100,
  /** The largest `limit` `GET /v2/log` accepts. */
  maxLogLimit: 1_000,
  /** The longest ciphertext, in base64url characters (24 KiB of bytes). */
  maxCiphertextChars: 32_768,
  /** The longest device id. */
  maxDeviceIdLength: 64,
} as const;

/** The `error` codes of v2 error answers, with the status each comes with. */
export const REQUEST_ERROR_STATUS = {
  'invalid-json': 400,
  'invalid-request': 400,
  unauthorized: 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'position-conflict': 409,
  'position-gap': 409,
  'vault-taken': 409,
  'body-too-large': 413,
  'too-many-requests': 413,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
} as const;

/** A stable error code of the v2 API. */
export type RequestErrorCode = keyof typeof REQUEST_ERROR_STATUS;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A request as it travels and is stored: AES-GCM output in base64url without padding. `iv` is the 96-bit IV (16
 * characters), `ciphertext` the encrypted request with its tag. `v` names the envelope format.
 */
export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  iv: z.string().length(16).regex(BASE64URL, 'must be base64url without padding'),
  ciphertext: z
    .string()
    .min(1)
    .max(REQUEST_PROTOCOL_LIMITS.maxCiphertextChars)
    .regex(BASE64URL, 'must be base64url without padding'),
});
/** An encrypted request, parsed. */
export type Envelope = z.output<typeof envelopeSchema>;

/** A device's id: 1 to 64 characters of `[A-Za-z0-9_-]`. */
export const deviceIdSchema = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9_-]{1,${REQUEST_PROTOCOL_LIMITS.maxDeviceIdLength}}$`),
    `must be 1 to ${REQUEST_PROTOCOL_LIMITS.maxDeviceIdLength} characters of A-Z, a-z, 0-9, _ and -`,
  );

/** A position in a device's requests, or a `seq` in the vault log: a safe integer from 1. */
export const positionSchema = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

/** One request of a push: its position among the device's requests (from 1) and its envelope. */
export const pushedRequestSchema = z.strictObject({ position: positionSchema, envelope: envelopeSchema });
/** One pushed request, parsed. */
export type PushedRequest = z.output<typeof pushedRequestSchema>;

/**
 * `POST /v2/requests`: 1 to 1,000 requests of one device, positions consecutive. `founding`: these requests begin
 * the vault, so store them only if no other device's request is stored (`409 vault-taken` otherwise): two devices
 * that each found the vault empty and made a key of their own cannot both begin it.
 */
export const pushRequestsSchema = z.strictObject({
  deviceId: deviceIdSchema,
  founding: z.literal(true).optional(),
  requests: z
    .array(pushedRequestSchema)
    .min(1)
    .max(REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush)
    .superRefine((requests, context) => {
      for (let index = 1; index < requests.length; index++) {
        const previous = requests[index - 1];
        const request = requests[index];
        if (previous !== undefined && request !== undefined && request.position !== previous.position + 1) {
          context.addIssue({ code: 'custom', path: [index, 'position'], message: 'positions must be consecutive' });
        }
      }
    }),
});
/** A push, parsed. */
export type PushRequests = z.output<typeof pushRequestsSchema>;

/**
 * `200` to a push: `acknowledged` is the highest position the server now holds for the device (every position up to
 * it is stored), `head` the highest `seq` of the vault.
 */
export const pushRequestsResponseSchema = z.strictObject({
  deviceId: deviceIdSchema,
  acknowledged: z.int().min(0),
  head: z.int().min(0),
});
/** `200` to a push, parsed. */
export type PushRequestsResponse = z.output<typeof pushRequestsResponseSchema>;

/** `GET /v2/log?after=<seq>&limit=<n>`, from the query string (digits only): `after` ≥ 0, `limit` 1 to 1,000. */
export const logQuerySchema = z.strictObject({
  after: queryInteger(0, 0, Number.MAX_SAFE_INTEGER),
  limit: queryInteger(REQUEST_PROTOCOL_LIMITS.defaultLogLimit, 1, REQUEST_PROTOCOL_LIMITS.maxLogLimit),
});
/** The query of a log read, parsed, with its defaults filled in. */
export type LogQuery = z.output<typeof logQuerySchema>;

/** One entry of the vault log: its `seq`, the device that pushed it, its position there, and its envelope. */
export const logEntrySchema = z.strictObject({
  seq: positionSchema,
  deviceId: deviceIdSchema,
  position: positionSchema,
  envelope: envelopeSchema,
});
/** A log entry, parsed. */
export type LogEntry = z.output<typeof logEntrySchema>;

/**
 * `200` to a log read: entries with `seq > after` in `seq` order; `next` is the `after` of the following page (null
 * at the end); `head` is the highest `seq` of the vault when the page was read.
 */
export const logResponseSchema = z.strictObject({
  entries: z.array(logEntrySchema),
  next: z.int().min(1).nullable(),
  head: z.int().min(0),
});
/** A page of the vault log, parsed. */
export type LogResponse = z.output<typeof logResponseSchema>;

/** The data of each `head` event of `GET /v2/events`: the vault's highest `seq`. */
export const headEventSchema = z.strictObject({ head: z.int().min(0) });
/** A `head` event's data, parsed. */
export type HeadEvent = z.output<typeof headEventSchema>;

/** A query-string integer in [`min`, `max`] (digits only: no sign, no exponent, no space); `fallback` when absent. */
function queryInteger(fallback: number, min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);
}

/** The body of every error answer; `details` carries the facts of a conflict. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** An error answer's body, parsed. */
export type ErrorBody = z.output<typeof errorBodySchema>;
