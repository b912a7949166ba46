/**
 * The commit path of the Dexie recorder in IndexedDB's own requests. Dexie opens, upgrades and reads the database;
 * a write transaction, the one thing every command waits for, is issued directly on the connection Dexie opened:
 * in Chromium Dexie's promise layer costs about half a millisecond a transaction and a few hundredths of one per
 * request, which was a third of a deposit's latency (docs/architecture.md, "The commit path").
 */

/**
 * Runs `work` in one read-write transaction on `stores` with strict durability (Chromium otherwise reports a commit
 * before it reaches the disk), and resolves with its result once the transaction has committed.
 *
 * `work` may await only requests of the transaction (`requested`): anything else lets IndexedDB commit it early.
 * When `work` throws, the transaction is aborted and nothing of it is stored; the error is `work`'s. When the
 * transaction fails by itself (a full disk at commit, an abort by the browser), the error is IndexedDB's.
 */
export async function inWriteTransaction<T>(
  connection: IDBDatabase,
  stores: readonly string[],
  work: (transaction: IDBTransaction) => Promise<T>,
): Promise<T> {
  const transaction = connection.transaction([...stores], 'readwrite', { durability: 'strict' });
  const committed = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () =>
      reject(transaction.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
  // Awaited below on every path; until then a failure must not count as unhandled.
  committed.catch(() => undefined);
  let result: T;
  try {
    result = await work(transaction);
  } catch (error) {
    try {
      transaction.abort();
    } catch {
      // It has ended already (aborted by the failed request itself).
    }
    await committed.catch(() => undefined);
    throw error;
  }
  await committed;
  return result;
}

/**
 * Asks IndexedDB to commit `transaction` as soon as it has run the requests issued so far. Otherwise it commits once
 * their results have come back to this tab and the tab has gone idle, which in Chromium is a round trip between two
 * processes, and longer when the tab is busy rendering. Nothing may be asked of the transaction afterwards, and a
 * request that fails still aborts it. Where `commit()` is missing, or the transaction is not active at the moment,
 * it commits by itself as before.
 */
export function commitWhenRun(transaction: IDBTransaction): void {
  try {
    transaction.commit();
  } catch {
    // Not active now (or no `commit()` here): it commits by itself once its requests have run.
  }
}

/** The result of one request, once it has succeeded; its error when it fails. */
export function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(failureOf(request));
  });
}

/**
 * Resolves once every one of `requests` has succeeded, rejects with `failure(error, index)` of the first that fails.
 * Requests of a transaction run in order, so the last one's success says all did: only it is listened to for
 * success (a bulk write of a hundred events dispatches one callback, not a hundred).
 */
export function allSucceeded(
  requests: readonly IDBRequest[],
  failure: (error: DOMException, index: number) => Error = (error) => error,
): Promise<void> {
  const last = requests.at(-1);
  if (last === undefined) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    function failed(this: IDBRequest) {
      reject(failure(failureOf(this), requests.indexOf(this)));
    }
    for (const request of requests) request.onerror = failed;
    last.onsuccess = () => resolve();
  });
}

/** Why `request` failed: its error, which IndexedDB always sets on a failed request (a generic one otherwise). */
function failureOf(request: IDBRequest): DOMException {
  return request.error ?? new DOMException('The request failed.', 'UnknownError');
}
