import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { dexiePersistence, memoryPersistence } from '../../src/eventsourcing';
import { exportEventLog, readEventLogFile, writeEventLog } from '../../src/ui';
import { interceptInserts } from '../fixtures/intercept-inserts';

/** An import that fails while another tab of the app writes into the same stores. */
describe('Event log import › interrupted by a second tab writing', () => {
  it('keeps what the other tab wrote: the undo never deletes what the import did not write', async () => {
    // The export of another device.
    const source = await createBankSystem({ persistence: memoryPersistence(), runner: 'sync' });
    const alice = await source.accounts.openAccount({ name: 'Alice' });
    await source.commands.depositFunds(alice, 50_00);
    await source.settled();
    const log = await readEventLogFile(JSON.stringify(await exportEventLog(source, 'test')));
    await source.stop();

    // This device: two tabs on the same (empty) stores. Tab A imports; tab B is open and in use.
    const prefix = `import-second-tab-${Date.now().toString(36)}`;
    const tabB = await createBankSystem({ persistence: dexiePersistence({ prefix }), runner: 'sync' });
    let bobId: string | undefined;
    // While the import runs, the person opens an account in tab B.
    const tabA = interceptInserts(dexiePersistence({ prefix }), (name, insert) =>
      name !== 'commands'
        ? insert
        : async (events, options) => {
            if (events.length > 0 && bobId === undefined) bobId = await tabB.accounts.openAccount({ name: 'Bob' });
            return insert(events, options);
          },
    );
    const failure = await writeEventLog(tabA, log, { runner: 'sync' }).catch((error: unknown) => error);
    // The import cannot number its requests from 1 any more, so it stops, saying so; it must not claim to have undone
    // itself.
    expect(failure).toMatchObject({ code: 'interrupted' });
    await tabB.stop().catch(() => undefined);

    const after = await createBankSystem({ persistence: dexiePersistence({ prefix }), runner: 'sync' });
    await after.settled();
    const names = (await after.accounts.listAccounts()).map((account) => account.name);
    await after.stop();
    // Bob was opened in tab B and was never part of the import: it must still be there.
    expect(names).toContain('Bob');
  });
});
