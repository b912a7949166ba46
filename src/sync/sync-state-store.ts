/**
 * Where the sync client keeps its own small state on the device: the device id and, per target (server and vault)
 * and application, the cursor: the highest local notification id the server has acknowledged.
 *
 * Invariants:
 * - `deviceId()` returns the same id for the life of the store; the first call generates it.
 * - A cursor only moves forward through `advanceCursor`: a lower position changes nothing. Only a restore, which
 *   refills the local logs from the server, sets it anew with `resetCursor`.
 */
export interface SyncStateStore {
  deviceId(): Promise<string>;
  cursor(target: string, application: string): Promise<number>;
  advanceCursor(target: string, application: string, position: number): Promise<void>;
  resetCursor(target: string, application: string, position: number): Promise<void>;
  close(): Promise<void>;
}
