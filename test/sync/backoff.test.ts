import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/sync';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1_000 };

  it('given the first retry, then waits between half and all of the initial delay', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 0.999_999)).toBe(100);
  });

  it('given more failures, then doubles the ceiling each time', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, () => 0.999_999))).toEqual([
      100, 200, 400, 800,
    ]);
  });

  it('given many failures, then never waits longer than the maximum', () => {
    expect(backoffDelay(10, options, () => 0.999_999)).toBe(1_000);
    expect(backoffDelay(5_000, options, () => 0.999_999)).toBe(1_000);
  });

  it('given random jitter, then two devices failing together wait different times', () => {
    expect(backoffDelay(3, options, () => 0.1)).not.toBe(backoffDelay(3, options, () => 0.9));
  });
});
