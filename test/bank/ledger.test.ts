import { describe, expect, it } from 'vitest';
import { Application, memoryPersistence, SyncRunner, System } from '../../src/eventsourcing';
import { GENERAL_LEDGER_ID, Ledger, LedgerService, TRANSACTION_JOURNAL_ID } from '../../src/bank';
import { Tally } from '../fixtures/tally';
import { thrownBy } from './fixtures/rejection';
import { NAMESPACE_DNS, NAMESPACE_URL, uuidV5 } from './fixtures/uuid-v5';

describe('uuidV5 (test fixture)', () => {
  it("matches Python's documented uuid5(NAMESPACE_DNS, 'python.org')", async () => {
    expect(await uuidV5(NAMESPACE_DNS, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});

describe('Ledger', () => {
  describe('its id', () => {
    it("is the original event_sourced_bank example's uuid5(NAMESPACE_URL, '/ledgers/General'), computed again here", async () => {
      expect(await uuidV5(NAMESPACE_URL, '/ledgers/General')).toBe(GENERAL_LEDGER_ID);
      expect(GENERAL_LEDGER_ID).toBe('91e2d67d-3706-5afb-84b3-8b9c7c0b7dc0');
    });

    it("of the transaction journal is the original event_sourced_bank example's uuid5(NAMESPACE_URL, '/transactions')", async () => {
      expect(await uuidV5(NAMESPACE_URL, '/transactions')).toBe(TRANSACTION_JOURNAL_ID);
    });
  });

  describe('when started', () => {
    it('is named "General", at its deterministic id, with balance 0 and no transactions', () => {
      const ledger = Ledger.startGeneral();
      expect(ledger.id).toBe(GENERAL_LEDGER_ID);
      expect(ledger.state).toEqual({ name: 'General', balance: 0, exactBalance: '0', transactionCount: 0 });
      expect(ledger.pendingEvents.map((event) => [event.type, event.data])).toEqual([
        ['LedgerStarted', { name: 'General' }],
      ]);
    });
  });

  describe('when transactions are added', () => {
    it('adds credits, takes off debits and counts both', () => {
      const ledger = Ledger.startGeneral();
      ledger.addTransaction(2000, 'alice', 2);
      ledger.addTransaction(-4000, 'alice', 3);
      expect(ledger.state).toEqual({ name: 'General', balance: -2000, exactBalance: '-2000', transactionCount: 2 });
      expect(ledger.pendingEvents.at(-1)?.data).toEqual({ amount: -4000, accountId: 'alice', accountVersion: 3 });
    });

    it('refuses an amount that is 0 or not a safe integer with RangeError', () => {
      const ledger = Ledger.startGeneral();
      for (const amount of [0, 0.5, NaN, 2 ** 53]) {
        expect(thrownBy(() => ledger.addTransaction(amount, 'alice', 2))).toBeInstanceOf(RangeError);
      }
      expect(ledger.version).toBe(1);
    });
  });
});

describe('LedgerService', () => {
  describe('following an application whose events are not account events', () => {
    it('ignores them and creates no ledger', async () => {
      const persistence = memoryPersistence();
      const tallies = new Application({ name: 'tallies', persistence });
      const ledger = new LedgerService({ persistence });
      const runner = new SyncRunner(new System([[tallies, ledger]]));
      runner.start();
      const tally = Tally.start('alice', 'Alice');
      tally.add(5);
      await tallies.save(tally);
      await runner.settled();
      expect(await ledger.recorder.position('tallies')).toBe(2);
      expect(await ledger.getBalance()).toBe(0);
      expect(await ledger.getTransactionCount()).toBe(0);
      expect(await ledger.log.maxNotificationId()).toBe(0);
      await runner.stop();
    });
  });
});
