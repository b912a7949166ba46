/**
 * The sync wire protocol (v1, binding): the request and response schemas, written once and used by the
 * sync client and by the server. Untrusted input is parsed here at the edge; the types come from the schemas.
 *
 * Invariants:
 * - Positions, versions and sequence numbers are safe integers ≥ 1 (`after` may be 0), each within the range of the
 *   column that stores it (`bigint`, or `integer` for a schema version).
 * - Every string can be stored by PostgreSQL unchanged: no NUL character, no lone UTF-16 surrogate. Otherwise a
 *   `text` or `jsonb` column would refuse it (a 500) or silently replace it (a stored value that differs from the
 *   one sent, which later breaks idempotence).
 * - `data` is a JSON object of bounded nesting, so no payload can exhaust the server's stack.
 * - Within one push, positions strictly increase: a device pushes its log in order.
 */
import { z } from 'zod';

/** Default limits of the server; the client sizes its batches by them. */
export const PROTOCOL_LIMITS = {
  /** A request body over this many bytes is refused with 413. */
  maxBodyBytes: 1_048_576,
  /** A push with more events than this is refused with 413; exactly this many is accepted. */
  maxEventsPerPush: 1_000,
  /** `GET /v1/pull` returns this many events when no `limit` is given. */
  defaultPullLimit: 100,
  /** The largest `limit` `GET /v1/pull` accepts. */
  maxPullLimit: 1_000,
  /** The deepest nesting of arrays and objects accepted inside `data`. */
  maxDataDepth: 32,
  /** The longest identifier (device id, application, originator id, event type), in UTF-16 code units. */
  maxIdentifierLength: 200,
} as const;

/** The `error` codes of error answers, with the status each comes with. */
export const ERROR_STATUS = {
  'invalid-json': 400,
  'invalid-request': 400,
  unauthorized: 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'position-conflict': 409,
  'version-conflict': 409,
  'body-too-large': 413,
  'too-many-events': 413,
  'rate-limited': 429,
  internal: 500,
} as const;

/** A stable error code of the wire protocol. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Any string the server can store unchanged (see the invariants above). */
export const storableString = z.string().refine(isStorableString, 'contains a NUL character or a lone surrogate');

const identifier = storableString.min(1).max(PROTOCOL_LIMITS.maxIdentifierLength);

/** A safe integer ≥ 1. */
const positiveInteger = z.int().min(1);

/** A schema version: ≥ 1 and within PostgreSQL's `integer`, the column that stores it (2^31 would be a 500). */
const schemaVersion = z.int().min(1).max(2_147_483_647);

/** An event's payload: a JSON object (checked without recursion, to a bounded depth). */
export const eventDataSchema = z
  .custom<Readonly<Record<string, JsonData>>>(isJsonObject, 'must be a JSON object')
  .superRefine((value, context) => {
    const problem = jsonProblem(value, PROTOCOL_LIMITS.maxDataDepth);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });

/** A JSON value as `data` holds it. */
export type JsonData = string | number | boolean | null | readonly JsonData[] | { readonly [key: string]: JsonData };

/**
 * One event as a device pushes it. `schemaVersion` is the version of the event type's schema `data` was written
 * under (1 when absent): a device restoring the event upcasts it from there. `tracking` (optional)
 * is on an event a follower wrote: the upstream application it was processing, and the last notification of that
 * transaction, by its position on the pushing device and by its aggregate id and version (which name it on every
 * device). A device restoring the vault sets its followers' positions from it, so that what the old device had not
 * processed yet is processed after the restore.
 */
export const wireEventSchema = z.object({
  position: positiveInteger,
  originatorId: identifier,
  originatorVersion: positiveInteger,
  type: identifier,
  schemaVersion: schemaVersion.default(1),
  timestamp: z.iso.datetime({ offset: true }),
  data: eventDataSchema,
  tracking: z
    .object({
      upstream: identifier,
      position: positiveInteger,
      originatorId: identifier,
      originatorVersion: positiveInteger,
    })
    .optional(),
});

/** An event as pushed, after parsing (with its `schemaVersion` filled in). */
export type WireEvent = z.output<typeof wireEventSchema>;

/** `POST /v1/push`: events of one application of one device, positions strictly increasing. */
export const pushRequestSchema = z.object({
  deviceId: identifier,
  application: identifier,
  events: z.array(wireEventSchema).superRefine((events, context) => {
    for (let index = 1; index < events.length; index++) {
      const previous = events[index - 1];
      const event = events[index];
      if (previous !== undefined && event !== undefined && event.position <= previous.position) {
        context.addIssue({ code: 'custom', path: [index, 'position'], message: 'positions must strictly increase' });
      }
    }
  }),
});

/** A push request, parsed. */
export type PushRequest = z.output<typeof pushRequestSchema>;
/** A push request as a client writes it (`schemaVersion` optional). */
export type PushRequestInput = z.input<typeof pushRequestSchema>;

/** `200` to a push: the highest position the server now holds for that device and application (0 for none). */
export const pushResponseSchema = z.object({ acknowledged: z.int().min(0) });
/** `200` to a push, parsed. */
export type PushResponse = z.output<typeof pushResponseSchema>;

/** `GET /v1/pull?after=<seq>&limit=<n>`, from the query string. */
export const pullQuerySchema = z.object({
  after: queryInteger(0, 0),
  limit: queryInteger(PROTOCOL_LIMITS.defaultPullLimit, 1).pipe(z.int().max(PROTOCOL_LIMITS.maxPullLimit)),
});
/** The query of a pull, parsed, with its defaults filled in. */
export type PullQuery = z.output<typeof pullQuerySchema>;

/** An event as pulled: the pushed event with the vault's sequence number and where it came from. */
export const pulledEventSchema = wireEventSchema.extend({
  seq: positiveInteger,
  deviceId: identifier,
  application: identifier,
  schemaVersion,
});
/** A pulled event, parsed. */
export type PulledEvent = z.output<typeof pulledEventSchema>;

/** `200` to a pull: events with `seq > after` in `seq` order; `next` is the following `after`, null at the end. */
export const pullResponseSchema = z.object({
  events: z.array(pulledEventSchema),
  next: z.int().min(1).nullable(),
});
/** A page of pulled events, parsed. */
export type PullResponse = z.output<typeof pullResponseSchema>;

/** What the server holds for one device and application. */
export const streamStatusSchema = z.object({
  deviceId: identifier,
  application: identifier,
  /** The highest position held. */
  acknowledged: z.int().min(1),
  /** How many events are held. */
  events: z.int().min(1),
});
/** What the server holds for one device and application, parsed. */
export type StreamStatus = z.output<typeof streamStatusSchema>;

/** `200` to `GET /v1/status`: the vault's name, its highest `seq` (0 when empty) and each device's streams. */
export const statusResponseSchema = z.object({
  vault: z.string(),
  lastSeq: z.int().min(0),
  streams: z.array(streamStatusSchema),
});
/** `200` to a status request, parsed. */
export type StatusResponse = z.output<typeof statusResponseSchema>;

/** The body of every error answer. `details` carries the facts of a conflict. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** An error answer's body, parsed. */
export type ErrorBody = z.output<typeof errorBodySchema>;

/** Whether a string has no NUL character and no lone surrogate. */
export function isStorableString(value: string): boolean {
  return !UNSTORABLE.test(value);
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL cannot store.
const UNSTORABLE = /\u0000|\p{Surrogate}/u;

function isJsonObject(value: unknown): value is Readonly<Record<string, JsonData>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks a parsed JSON value without recursion and names the first problem: too deep, a non-finite number, an
 * unstorable string or key, or a value JSON cannot carry.
 */
function jsonProblem(root: unknown, maxDepth: number): string | undefined {
  const stack: [unknown, number][] = [[root, 1]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [value, depth] = entry;
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return 'numbers must be finite';
      continue;
    }
    if (typeof value === 'string') {
      if (!isStorableString(value)) return 'a string contains a NUL character or a lone surrogate';
      continue;
    }
    if (typeof value !== 'object') return `a ${typeof value} is not JSON`;
    if (depth > maxDepth) return `data is nested deeper than ${maxDepth} levels`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableString(key)) return 'a key contains a NUL character or a lone surrogate';
      stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** A query-string integer (digits only, no sign, no exponent) of at least `min`; `fallback` when absent. */
function queryInteger(fallback: number, min: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.int().min(min))
    .optional()
    .transform((value) => value ?? fallback);
}
