import { isMoneyRequest, type Commands } from '../../bank';
import { isCommandEvent, recordedRequestOf } from './live-requests';
import type { MoneyRequest } from './money-request';
import type { RecordedRequest } from './recorded-request';

/** The request this device recorded under `id` (a command's first and only event), if its store holds one. */
export async function requestById(commands: Commands, id: string): Promise<RecordedRequest | undefined> {
  const [stored] = await commands.recorder.selectEvents(id, { limit: 1 });
  if (stored === undefined) return undefined;
  const event = commands.mapper.toDomainEvent(stored);
  return isCommandEvent(event) ? recordedRequestOf(event) : undefined;
}

/** The deposit, withdrawal or transfer this device recorded under `transactionId`, if any. */
export async function moneyRequestById(commands: Commands, transactionId: string): Promise<MoneyRequest | undefined> {
  const recorded = await requestById(commands, transactionId);
  if (recorded === undefined) return undefined;
  const { requestId, ...request } = recorded;
  return isMoneyRequest(request) ? { ...request, transactionId: requestId } : undefined;
}
