import pg from 'pg';
import type { HeadFeed } from './head-feed';
import { silentLogger, type Logger } from './logger';
import { HEAD_CHANNEL } from './sql-request-storage';

/** A running listener of head notifications. */
export interface HeadListening {
  /** Resolves once the first `LISTEN` is in place. */
  readonly ready: Promise<void>;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/**
 * Holds one dedicated PostgreSQL connection that `LISTEN`s on the head channel and passes every vault's new head to
 * `feed`, so that a push through any server instance on the database reaches this instance's event streams.
 *
 * Invariants:
 * - A lost connection (PostgreSQL restarted, network cut) is never an unhandled `error`: it is logged and
 *   re-established after a delay that doubles up to `maxRetryMs`, for as long as the listener is not closed.
 * - Notifications sent while the connection was down are lost, so after every (re)connection the feed is told to
 *   resync: each stream reads its vault's head again.
 */
export function listenForHeads(
  connectionString: string,
  feed: HeadFeed,
  options: { log?: Logger; retryMs?: number; maxRetryMs?: number } = {},
): HeadListening {
  const log = options.log ?? silentLogger;
  const retryMs = options.retryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async () => {
    timer = undefined;
    const candidate = new pg.Client({ connectionString, keepAlive: true });
    client = candidate;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      candidate.removeAllListeners('notification');
      void candidate.end().catch(() => undefined);
      if (closed) return;
      log('warn', 'head listener disconnected', { error: error?.message ?? 'connection ended', retryMs: delay });
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(maxRetryMs, delay * 2);
    };
    candidate.on('error', onLost);
    candidate.on('end', () => onLost());
    candidate.on('notification', (message) => {
      if (message.channel !== HEAD_CHANNEL || message.payload === undefined) return;
      const separator = message.payload.lastIndexOf(':');
      const head = Number(message.payload.slice(separator + 1));
      if (separator > 0 && Number.isSafeInteger(head)) feed.announce(message.payload.slice(0, separator), head);
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${HEAD_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : undefined);
      return;
    }
    if (closed || lost) return;
    delay = retryMs;
    log('info', 'head listener listening', { channel: HEAD_CHANNEL });
    feed.resync();
    markReady();
  };
  void connect();

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
