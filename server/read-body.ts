import type { ReadableStreamReadResult } from 'node:stream/web';
import { IncompleteBodyError } from './incomplete-body-error';

/** What reading a request body gave. */
export type BodyResult =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  /** Over `limit`. `drained`: the whole body was read and dropped, so the connection can serve the next request. */
  | { readonly kind: 'too-large'; readonly drained: boolean };

/**
 * How slowly a body may arrive: after `graceMs`, at least `minBytesPerSecond` on average since reading began. A
 * client trickling its body a byte at a time is cut off after about `graceMs`; a 1 MiB push at the default rate
 * may take two minutes.
 */
export interface BodyPace {
  readonly graceMs: number;
  readonly minBytesPerSecond: number;
}

/** The default pace: 2 s of grace, then 8 KiB/s (64 kbit/s). */
export const DEFAULT_BODY_PACE: BodyPace = { graceMs: 2_000, minBytesPerSecond: 8_192 };

/**
 * Reads a request body of at most `limit` bytes. A larger body is still read to its end and dropped, up to
 * `drainLimit` bytes, so that the 413 leaves the keep-alive connection usable (answering before the body is read
 * makes `@hono/node-server` drop the connection under the client's next request). Past `drainLimit`, or when
 * `Content-Length` already says so, it stops reading and the caller closes the connection.
 *
 * Throws `IncompleteBodyError` when the client goes away mid-body, or sends slower than `pace` (the stream is then
 * cancelled, which drops the connection).
 */
export async function readBody(
  request: Request,
  limit: number,
  drainLimit: number,
  pace: BodyPace = DEFAULT_BODY_PACE,
): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > drainLimit) return { kind: 'too-large', drained: false };
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = request.body?.getReader();
  if (reader === undefined) return { kind: 'ok', bytes: new Uint8Array() };
  const started = performance.now();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    // The next chunk must come before the average rate since the start falls below the minimum.
    const deadline = started + pace.graceMs + (size / pace.minBytesPerSecond) * 1_000;
    const chunk = await readBefore(reader, deadline);
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > drainLimit) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'too-large', drained: false };
    }
    if (size <= limit) chunks.push(chunk.value);
  }
  if (size > limit) return { kind: 'too-large', drained: true };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'ok', bytes };
}

/** Reads and drops what is left of a body nobody read (an early 401, 404, 429), up to `drainLimit` bytes. */
export async function drainBody(
  request: Request,
  drainLimit: number,
  pace: BodyPace = DEFAULT_BODY_PACE,
): Promise<boolean> {
  if (request.body === null || request.bodyUsed) return true;
  try {
    const result = await readBody(request, 0, drainLimit, pace);
    return result.kind === 'ok' || result.drained;
  } catch {
    return false;
  }
}

/** One read, or `IncompleteBodyError` if it fails (the client went away) or does not come by `deadline`. */
async function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deadline - performance.now()));
  });
  try {
    const result = await Promise.race([reader.read(), late]);
    if (result !== 'late') return result;
  } catch (error) {
    throw new IncompleteBodyError('closed', { cause: error });
  } finally {
    clearTimeout(timer);
  }
  await reader.cancel().catch(() => undefined);
  throw new IncompleteBodyError('too-slow');
}
