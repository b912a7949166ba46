import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { memoryPersistence } from '../../src/eventsourcing';
import { createSimpleBank } from '../../src/bank';
import { simpleBankContract } from '../contracts/simple-bank.contract';
import { nodePersistences } from '../fixtures/persistences';
import { rejectionOf } from './fixtures/rejection';

for (const [name, persistence] of nodePersistences) simpleBankContract(name, persistence);

describe('createSimpleBank', () => {
  describe('given a runner it does not know', () => {
    it('rejects with TypeError instead of throwing', async () => {
      const error = await rejectionOf(() =>
        createSimpleBank({ persistence: memoryPersistence(), runner: 'threads' as 'rx' }),
      );
      expect(error).toBeInstanceOf(TypeError);
    });
  });

  describe('given no runner', () => {
    it('follows in the background with the rx runner, so settled() is what makes the ledger current', async () => {
      const bank = await createSimpleBank({ persistence: memoryPersistence() });
      const alice = await bank.accounts.openAccount({ name: 'Alice' });
      await bank.accounts.deposit(alice, 700);
      await bank.settled();
      expect(await bank.ledger.getBalance()).toBe(700);
      await bank.stop();
    });
  });
});
