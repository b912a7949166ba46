import { createBankSystem } from '../../../src/bank';
import { dexiePersistence } from '../../../src/eventsourcing';
import { BankApp } from '../../../src/ui/app/bank-app';
import { DisplaySettingsStore } from '../../../src/ui/state/display-settings';
import '../../../src/ui/styles/styles.css';
import { FakeBankSync, FakeVault } from '../../fixtures/fake-bank-sync';

declare global {
  interface Window {
    /** The vault the stand-in syncs with: another device's request is added here. */
    fakeVault: FakeVault;
    /** The stand-in for the sync client, once sync is on. */
    fakeSync: FakeBankSync | undefined;
  }
}

/**
 * The app itself (its shell and every screen), on the IndexedDB prefix named by the page's `prefix` query
 * parameter, whose sync is the stand-in of `test/fixtures/fake-bank-sync.ts`: the screens' side of sync can be
 * driven before the real client runs here (`window.fakeSync`, `window.fakeVault`).
 */
const prefix = new URLSearchParams(location.search).get('prefix') ?? 'fake-sync';
window.fakeVault = new FakeVault();
const app = new BankApp();
app.persistence = dexiePersistence({ prefix });
app.display = new DisplaySettingsStore();
app.startBank = async ({ persistence, sync }) => {
  if (sync === undefined) return createBankSystem({ persistence, runner: 'rx' });
  const system = await createBankSystem({ persistence, runner: 'rx', sequencer: 'vault' });
  const fake = new FakeBankSync(system, window.fakeVault);
  window.fakeSync = fake;
  return {
    ...system,
    sync: fake,
    stop: async () => {
      await fake.stop();
      await system.stop();
    },
  };
};
document.body.append(app);
