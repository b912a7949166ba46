/** What reading a request body gave. */
export type BodyResult =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  /** Over `limit`. `drained`: the whole body was read and dropped, so the connection can serve the next request. */
  | { readonly kind: 'too-large'; readonly drained: boolean };

/**
 * Reads a request body of at most `limit` bytes. A larger body is still read to its end and dropped, up to
 * `drainLimit` bytes, so that the 413 leaves the keep-alive connection usable (answering before the body is read
 * makes `@hono/node-server` drop the connection under the client's next request: TOOLCHAIN.md §8). Past
 * `drainLimit`, or when `Content-Length` already says so, it stops reading and the caller closes the connection.
 */
export async function readBody(request: Request, limit: number, drainLimit: number): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > drainLimit) return { kind: 'too-large', drained: false };
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = request.body?.getReader();
  if (reader === undefined) return { kind: 'ok', bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > drainLimit) {
      await reader.cancel();
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
export async function drainBody(request: Request, drainLimit: number): Promise<boolean> {
  if (request.body === null || request.bodyUsed) return true;
  try {
    const result = await readBody(request, 0, drainLimit);
    return result.kind === 'ok' || result.drained;
  } catch {
    return false;
  }
}
