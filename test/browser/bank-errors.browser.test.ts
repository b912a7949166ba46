import { describe, expect, it } from 'vitest';
import {
  AccountClosedError,
  fromErrorData,
  InsufficientFundsError,
  InvalidAmountError,
  isBankError,
  toErrorData,
  type BankErrorData,
} from '../../src/bank';

const ALICE = 'alice-account';

/** Sends a value through a real MessageChannel: the structured clone that postMessage and BroadcastChannel use. */
function postedCopy<T>(value: T): Promise<T> {
  const channel = new MessageChannel();
  const received = new Promise<T>((resolve) => {
    channel.port2.onmessage = (message: MessageEvent<T>) => resolve(message.data);
  });
  channel.port1.postMessage(value);
  return received.finally(() => {
    channel.port1.close();
    channel.port2.close();
  });
}

describe('Bank errors in Chromium', () => {
  describe('when an error object itself is posted', () => {
    it('loses its class and fields, which is why errors travel as data', async () => {
      const copy = await postedCopy(new AccountClosedError({ accountId: ALICE }));
      expect(copy).not.toBeInstanceOf(AccountClosedError);
      expect(isBankError(copy)).toBe(false);
    });
  });

  describe('when its plain-data form is posted', () => {
    it('comes back as an equal error of the same class, with its code and fields', async () => {
      const errors = [
        new InsufficientFundsError({ accountId: ALICE, available: 100, requested: 101 }),
        new AccountClosedError({ accountId: ALICE }),
        new InvalidAmountError({ value: -Infinity }),
      ];
      for (const error of errors) {
        const rebuilt = fromErrorData(await postedCopy<BankErrorData>(toErrorData(error)));
        expect(rebuilt).toBeInstanceOf(error.constructor);
        expect(rebuilt).toEqual(error);
      }
    });
  });

  describe('when made in another realm (an iframe)', () => {
    it('is recognised by isBankError although instanceof fails', () => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      try {
        const ForeignError = (frame.contentWindow as (Window & { Error: ErrorConstructor }) | null)?.Error;
        if (ForeignError === undefined) throw new Error('The iframe has no window');
        const foreign = Object.assign(new ForeignError('Account alice-account is closed'), {
          name: 'AccountClosedError',
          code: 'account-closed',
          accountId: ALICE,
        });
        expect(foreign instanceof Error).toBe(false);
        expect(isBankError(foreign)).toBe(true);
      } finally {
        frame.remove();
      }
    });
  });
});
