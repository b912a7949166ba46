/**
 * Runs the followers of a system. `settled()` resolves once every follower has processed every notification of its
 * upstreams (and so nothing more is on its way); `stop()` stops following and waits for work in flight.
 */
export interface Runner {
  start(): void;
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** How many notifications a follower takes from one upstream per transaction. */
export const DEFAULT_BATCH_SIZE = 100;
