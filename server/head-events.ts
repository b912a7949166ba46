import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { HeadEvent } from '../src/sync/protocol';
import type { AppEnv } from './app-env';
import type { HeadFeed } from './head-feed';
import type { RequestStorage } from './request-storage';

/**
 * `GET /v2/events`: a server-sent event stream of the vault's head. An event `head` with `{"head":n}` on connect,
 * then one each time the head grows; a comment line every `heartbeatMs` while nothing else is written.
 *
 * Invariants:
 * - The subscription starts before the first head is read, so no head announced in between is missed.
 * - Heads only grow on the stream: a lower or equal one (a duplicate, or a notification that lost a race with a
 *   local push) is dropped.
 * - At most one write (a head or a heartbeat) is in flight and only the newest head waits for it, so a slow reader
 *   costs one number of memory, however fast the vault grows or however long it stalls.
 * - When the client goes away (or the server drops the connection), the subscription and the heartbeat end with
 *   the stream: nothing is left behind.
 * - The first head is read before the stream opens, so a database that is away is still a JSON `503`.
 */
export async function headEvents(
  c: Context<AppEnv>,
  options: {
    readonly vaultId: string;
    readonly requests: RequestStorage;
    readonly heads: HeadFeed;
    readonly heartbeatMs: number;
  },
): Promise<Response> {
  const { vaultId, requests, heads, heartbeatMs } = options;
  let wanted = -1;
  let sent = -1;
  let writing = false;
  let stream: Parameters<Parameters<typeof streamSSE>[1]>[0] | undefined;

  const pump = async () => {
    if (writing || stream === undefined) return;
    writing = true;
    try {
      while (wanted > sent && !stream.aborted) {
        sent = wanted;
        await stream.writeSSE({ event: 'head', data: JSON.stringify({ head: sent } satisfies HeadEvent) });
      }
    } finally {
      writing = false;
    }
  };
  const offer = (head: number) => {
    if (head <= wanted) return;
    wanted = head;
    void pump();
  };
  const reread = () => {
    // A database that is away now is tried again at the next resync; the stream stays open meanwhile.
    requests.head(vaultId).then(offer, () => undefined);
  };

  const unsubscribe = heads.subscribe(vaultId, (head) => (head === null ? reread() : offer(head)));
  try {
    offer(await requests.head(vaultId));
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return streamSSE(c, async (opened) => {
    stream = opened;
    const heartbeat = setInterval(() => {
      if (writing) return;
      writing = true;
      void opened.write(': heartbeat\n\n').finally(() => {
        writing = false;
        void pump();
      });
    }, heartbeatMs);
    try {
      const closed = new Promise<void>((resolve) => opened.onAbort(resolve));
      await pump();
      await closed;
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
}
