import type { AccountRequest, BankRequest } from '../../bank';

/** A request as this device's `Commands` recorded it: what was asked, its id, and when. */
export type RecordedRequest = BankRequest & {
  readonly requestId: string;
  readonly timestamp: string;
};

/** A recorded request to open, limit or close an account. */
export type AccountRequestEntry = AccountRequest & {
  readonly requestId: string;
  readonly timestamp: string;
};
