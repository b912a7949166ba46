import type { SagaStatus } from '../../bank';

/** A saga's status as a person reads it. */
export function sagaStatusLabel(status: SagaStatus): string {
  switch (status) {
    case 'pending':
      return 'Pending';
    case 'succeeded':
      return 'Done';
    case 'compensating':
      return 'Refunding';
    case 'failed':
      return 'Failed';
  }
}
