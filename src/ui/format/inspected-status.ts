import type { InspectedRequest } from '../../bank';
import { describeBankError } from './describe-bank-error';
import { describeRefusalAfterSync } from './describe-refusal-after-sync';
import type { MoneyFormat } from './money-format';
import type { RequestStatus } from '../state/request-status';

/**
 * How a request of the inspector stands, as a badge and a sentence, in the words the rest of the app uses: a
 * refusal says why as the move-money screens and the activity do (on a device that syncs, "Refused after syncing:
 * …"), a refunded transfer says where the money went back.
 */
export function inspectedStatus(
  request: Pick<InspectedRequest, 'status' | 'error' | 'request'>,
  context: { readonly syncing: boolean; readonly nameOf: (accountId: string) => string; readonly format: MoneyFormat },
): RequestStatus {
  const { nameOf, format, syncing } = context;
  const reason = (): string | undefined => {
    const { error, request: asked } = request;
    if (error === null) return undefined;
    if (!syncing || asked === null) return describeBankError(error, nameOf, format);
    return describeRefusalAfterSync(error, asked.kind, nameOf, format);
  };
  switch (request.status) {
    case 'pending':
      return { label: syncing ? 'Waiting to sync' : 'Waiting', tone: 'waiting' };
    case 'done':
      return { label: 'Done', tone: 'succeeded' };
    case 'replay':
      return {
        label: 'Already done',
        tone: 'succeeded',
        reason: 'The same request arrived again; it was carried out once and changed nothing this time.',
      };
    case 'refused':
      return withReason({ label: 'Refused', tone: 'failed' }, reason());
    case 'refunded': {
      const asked = request.request;
      const from = asked !== null && asked.kind === 'transfer' ? nameOf(asked.debitAccountId) : 'the account';
      const why = reason();
      return {
        label: 'Refunded',
        tone: 'failed',
        reason: `${why === undefined ? '' : `${why} `}The money went back to ${from}.`,
      };
    }
  }
}

function withReason(status: RequestStatus, reason: string | undefined): RequestStatus {
  return reason === undefined ? status : { ...status, reason };
}
