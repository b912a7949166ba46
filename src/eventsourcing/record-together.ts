import type { PreparedWrite } from './application';
import type { Persistence } from './persistence';

/**
 * Whether `recordTogether` can commit writes of these applications' stores in one transaction: they share one
 * persistence, and it can.
 */
export function canRecordTogether(persistences: readonly Persistence[]): boolean {
  const [first] = persistences;
  return first?.insertAll !== undefined && persistences.every((persistence) => persistence === first);
}

/**
 * Commits the prepared writes of several applications in one transaction of their persistence (`insertAll`): all of
 * them or none. Then each application marks its aggregates saved (and, for a follower, its new position); after a
 * failure each forgets what it kept of them. Returns each write's notification ids, in order.
 */
export async function recordTogether(persistence: Persistence, writes: readonly PreparedWrite[]): Promise<number[][]> {
  if (persistence.insertAll === undefined) throw new TypeError(`${persistence.description} cannot insert together`);
  let ids: number[][];
  try {
    ids = await persistence.insertAll(writes);
  } catch (error) {
    for (const write of writes) write.failed();
    throw error;
  }
  writes.forEach((write, index) => write.stored(ids[index] ?? []));
  return ids;
}
