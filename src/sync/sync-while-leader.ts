import type { Observable, Subscription } from 'rxjs';
import type { SyncClient } from './sync-client';

/**
 * Runs the sync client only while this tab leads (pass `LeaderRunner.isLeader$`): started when the tab becomes the
 * leader, stopped when it stops leading. Unsubscribing stops it too.
 */
export function syncWhileLeader(
  client: Pick<SyncClient, 'start' | 'stop'>,
  isLeader$: Observable<boolean>,
): Subscription {
  const subscription = isLeader$.subscribe((isLeader) => {
    if (isLeader) client.start();
    else void client.stop();
  });
  subscription.add(() => void client.stop());
  return subscription;
}
