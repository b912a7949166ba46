import { describe, expect, it } from 'vitest';
import { Account, bankDigest, InsufficientFundsError, Ledger } from '../../src/bank';

/** Accounts built by their commands, so that their versions count their events as in a derived bank. */
function accounts(): Account[] {
  const first = Account.open('a-1', { name: 'Alice', overdraftLimit: 500 });
  first.credit(1_000, 'deposit-1');
  const second = Account.open('b-2', { name: 'Bob' });
  second.credit(300, 'deposit-2');
  second.close();
  return [first, second];
}

function ledger(): Ledger {
  const general = Ledger.startGeneral();
  general.addTransaction(1_000, 'a-1', 2);
  general.addTransaction(300, 'b-2', 2);
  return general;
}

describe('bankDigest', () => {
  it('is 64 lower-case hex digits, the same whatever order the accounts are read in', async () => {
    const digest = await bankDigest(accounts(), ledger());
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await bankDigest(accounts().reverse(), ledger())).toBe(digest);
  });

  it('changes with every field it covers: a balance, a limit, a closing, a version, the ledger', async () => {
    const digest = await bankDigest(accounts(), ledger());
    const changed = async (change: (all: Account[], general: Ledger) => void) => {
      const all = accounts();
      const general = ledger();
      change(all, general);
      return bankDigest(all, general);
    };
    const variants = await Promise.all([
      changed(([first]) => first?.credit(1, 'one-more')),
      changed(([first]) => first?.setOverdraftLimit(501)),
      changed(([first]) => first?.close()),
      changed(([first]) =>
        first?.recordRefusal(
          new InsufficientFundsError({ accountId: 'a-1', available: 1_500, requested: 9_999 }),
          'refused-1',
        ),
      ),
      changed((_, general) => general.addTransaction(1, 'a-1', 3)),
      bankDigest(accounts(), undefined),
      bankDigest(accounts().slice(0, 1), ledger()),
    ]);
    for (const variant of variants) expect(variant).not.toBe(digest);
    expect(new Set(variants).size).toBe(variants.length);
  });
});
