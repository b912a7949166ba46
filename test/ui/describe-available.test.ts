import { describe, expect, it } from 'vitest';
import { InsufficientFundsError } from '../../src/bank';
import { availableClause, describeAvailable, describeBankError } from '../../src/ui';

/** What an account can still pay out, in words that never read "−$66.40 available". */

const format = { locale: 'en-US', currency: 'USD' } as const;

describe('describeAvailable', () => {
  it('gives what is available, zero included', () => {
    expect(describeAvailable(7_950n, format)).toEqual({ label: 'Available', amount: '$79.50', overLimit: false });
    expect(describeAvailable(0, format)).toEqual({ label: 'Available', amount: '$0.00', overLimit: false });
  });

  it('says by how much an account is past its limit, as a positive amount', () => {
    expect(describeAvailable(-6_640n, format)).toEqual({
      label: 'Over its limit by',
      amount: '$66.40',
      overLimit: true,
    });
  });

  it('stays exact past the safe integers', () => {
    expect(describeAvailable(-(2n ** 53n) - 1n, format).amount).toBe('$90,071,992,547,409.93');
  });
});

describe('availableClause', () => {
  it('reads inside a sentence', () => {
    expect(availableClause(2_000, format)).toBe('$20.00 available');
    expect(availableClause(-1, format)).toBe('nothing available ($0.01 over its limit)');
  });

  it('is what a refusal for want of money says', () => {
    const nameOf = () => 'Card';
    expect(
      describeBankError(
        new InsufficientFundsError({ accountId: 'card', available: -5_000, requested: 1_000 }),
        nameOf,
        format,
      ),
    ).toBe('Not enough money in Card: nothing available ($50.00 over its limit), $10.00 requested.');
    expect(
      describeBankError(
        new InsufficientFundsError({ accountId: 'card', available: 5_000, requested: 9_000 }),
        nameOf,
        format,
      ),
    ).toBe('Not enough money in Card: $50.00 available, $90.00 requested.');
  });
});
