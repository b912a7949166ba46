import type { BankStore } from '../state/bank-store';

/** Whether the bank on this device holds nothing at all (a new device): what an import or a join needs. */
export async function isEmpty(store: BankStore): Promise<boolean> {
  const heads = await Promise.all(
    store.system.system.applications.map((application) => application.log.maxNotificationId()),
  );
  return heads.every((head) => head === 0);
}
