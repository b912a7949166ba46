import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { freshDexiePersistence } from '../fixtures/persistences';

/**
 * A request's promise settles by what was stored. A tab closing mid-burst closes its `BroadcastChannel`s while
 * commits are in flight: announcing a commit then throws `InvalidStateError`, after the commit. Before, 105 of
 * 10,000 such requests were stored and yet rejected, and a person told "failed" pays twice.
 */
describe('Commands › when the tab closes its channels while requests are being stored', () => {
  afterEach(() => vi.restoreAllMocks());

  it('resolves every request that was stored, and rejects only requests that were not', async () => {
    const persistence = freshDexiePersistence();
    const bank = await createBankSystem({ persistence, runner: 'rx' });
    const savings = await bank.accounts.openAccount({ name: 'Savings' });
    const requests = Array.from({ length: 300 }, () => bank.commands.depositFunds(savings, 100));
    // Midway through the burst, every channel of this tab is closed.
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.spyOn(BroadcastChannel.prototype, 'postMessage').mockImplementation(() => {
      throw new DOMException('BroadcastChannel is closed', 'InvalidStateError');
    });
    const outcomes = await Promise.allSettled(requests);
    vi.restoreAllMocks();
    const stored = new Set((await bank.commands.log.select(1, 1_000)).map((notification) => notification.originatorId));
    const resolved = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(resolved).toHaveLength(300);
    for (const id of resolved) expect(stored.has(id)).toBe(true);
    await bank.settled();
    expect(await bank.accounts.getBalance(savings)).toBe(30_000);
    await bank.stop();
  });
});
