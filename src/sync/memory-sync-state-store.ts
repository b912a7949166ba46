import type { SyncStateStore } from './sync-state-store';

/** Sync state in memory: for tests, and for a session that keeps nothing. */
export class MemorySyncStateStore implements SyncStateStore {
  readonly #cursors = new Map<string, number>();
  #deviceId: string | undefined;

  constructor(options: { deviceId?: string } = {}) {
    this.#deviceId = options.deviceId;
  }

  deviceId(): Promise<string> {
    this.#deviceId ??= crypto.randomUUID();
    return Promise.resolve(this.#deviceId);
  }

  cursor(target: string, application: string): Promise<number> {
    return Promise.resolve(this.#cursors.get(key(target, application)) ?? 0);
  }

  advanceCursor(target: string, application: string, position: number): Promise<void> {
    const current = this.#cursors.get(key(target, application)) ?? 0;
    if (position > current) this.#cursors.set(key(target, application), position);
    return Promise.resolve();
  }

  resetCursor(target: string, application: string, position: number): Promise<void> {
    this.#cursors.set(key(target, application), position);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function key(target: string, application: string): string {
  return `${target}\u0000${application}`;
}
