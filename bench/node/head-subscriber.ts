import { request, type ClientRequest } from 'node:http';

/**
 * One device listening to `GET /v2/events` of its vault on one server instance, on a connection of its own
 * (`node:http`, no pooling: a thousand of them stay cheap), with the time each head came.
 */
export interface HeadSubscriber {
  readonly vaultId: string;
  /** Which server instance it listens to. */
  readonly instance: number;
  /** Every head heard, in order (the stream only sends growing heads). */
  readonly heads: readonly number[];
  /** `performance.now()` when each of `heads` was read. */
  readonly heardAt: readonly number[];
  /** Resolves once a head ≥ `head` came; rejects after `timeoutMs` or when the stream ends first. */
  reach(head: number, timeoutMs: number): Promise<void>;
  /** When `head` (or a later one) was first heard, or undefined if never. */
  heardHead(head: number): number | undefined;
  /** Ends the stream, as a device leaving does. */
  close(): void;
}

/** A refused subscription (`status` 429 says to retry after `retryAfterSeconds`). */
export class SubscribeRefusedError extends Error {
  override readonly name = 'SubscribeRefusedError';
  readonly status: number;
  readonly retryAfterSeconds: number;

  constructor(status: number, retryAfterSeconds: number) {
    super(`GET /v2/events answered ${status}`);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Opens the stream; resolves once the server answered 200 (the first head follows). */
export function openHeadSubscriber(
  url: string,
  token: string,
  where: { vaultId: string; instance: number },
  timeoutMs = 30_000,
): Promise<HeadSubscriber> {
  const heads: number[] = [];
  const heardAt: number[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const changed = () => {
    for (const waiter of [...waiters]) waiter();
  };
  return new Promise((resolve, reject) => {
    const outgoing: ClientRequest = request(`${url}/v2/events`, {
      agent: false,
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      timeout: timeoutMs,
    });
    outgoing.once('timeout', () => outgoing.destroy(new Error(`no answer to GET /v2/events within ${timeoutMs} ms`)));
    // `on`, not `once`: a socket can fail more than once, and an unheard error would end the process.
    outgoing.on('error', (error) => {
      ended = true;
      changed();
      reject(error);
    });
    outgoing.once('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new SubscribeRefusedError(response.statusCode ?? 0, Number(response.headers['retry-after'] ?? 1)));
        return;
      }
      // Idle streams only hear heartbeats; the connection must outlive the request timeout.
      outgoing.setTimeout(0);
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let heard = false;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (data === undefined || !/^event: head$/m.test(frame)) continue;
          const head = headOf(data);
          if (head === undefined) {
            response.destroy(new Error(`a head event without a head: ${data}`));
            return;
          }
          heads.push(head);
          heardAt.push(now);
          heard = true;
        }
        if (heard) changed();
      });
      const end = () => {
        ended = true;
        changed();
      };
      response.once('end', end);
      response.on('error', end);
      resolve({
        ...where,
        heads,
        heardAt,
        reach: (head, waitMs) =>
          new Promise<void>((resolveReach, rejectReach) => {
            const check = () => {
              const reached = (heads.at(-1) ?? -1) >= head;
              if (!reached && !ended) return;
              waiters.delete(check);
              clearTimeout(timer);
              if (reached) resolveReach();
              else rejectReach(new Error(`the stream ended at head ${heads.at(-1) ?? 'none'}, before ${head}`));
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rejectReach(new Error(`head ${head} not heard within ${waitMs} ms (last: ${heads.at(-1) ?? 'none'})`));
            }, waitMs);
            waiters.add(check);
            check();
          }),
        heardHead: (head) => {
          const index = firstAtLeast(heads, head);
          return index < heads.length ? heardAt[index] : undefined;
        },
        close: () => {
          ended = true;
          outgoing.destroy();
        },
      });
    });
    outgoing.end();
  });
}

/** The head of an event's data, or undefined when it is not `{"head":n}` (a throw here would end the process). */
function headOf(data: string): number | undefined {
  try {
    const head = (JSON.parse(data) as { head?: unknown } | null)?.head;
    return typeof head === 'number' ? head : undefined;
  } catch {
    return undefined;
  }
}

/** The first index of the ascending `values` holding at least `value` (`values.length` when none does). */
function firstAtLeast(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] ?? Infinity) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
