import { concatMap, defer, type Observable } from 'rxjs';
import type { Commands } from '../../bank';
import type { RecordedRequest } from './recorded-request';
import { requestById } from './request-by-id';

/**
 * This device's requests still waiting to sync, in the order of `pendingIds` (the order they were recorded), read
 * by id from the commands store: a few reads however long the log is. Each request is read once while it waits.
 */
export function pendingRequests(
  commands: Commands,
  pendingIds$: Observable<ReadonlySet<string>>,
): Observable<readonly RecordedRequest[]> {
  return defer(() => {
    const known = new Map<string, RecordedRequest>();
    return pendingIds$.pipe(
      concatMap(async (ids) => {
        for (const id of known.keys()) if (!ids.has(id)) known.delete(id);
        for (const id of ids) {
          if (known.has(id)) continue;
          const request = await requestById(commands, id);
          if (request !== undefined) known.set(id, request);
        }
        return [...ids].flatMap((id) => known.get(id) ?? []);
      }),
    );
  });
}
