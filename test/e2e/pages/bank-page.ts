import { createBankSystem, type BankSystem } from '../../../src/bank';
import { dexiePersistence } from '../../../src/eventsourcing';

declare global {
  interface Window {
    /** The bank system of this tab, on the IndexedDB prefix named by the page's `prefix` query parameter. */
    bank: BankSystem;
    bankReady: Promise<void>;
  }
}

const prefix = new URLSearchParams(location.search).get('prefix') ?? 'e2e';
window.bankReady = createBankSystem({ persistence: dexiePersistence({ prefix }) }).then((bank) => {
  window.bank = bank;
  const status = document.getElementById('status');
  if (status !== null) status.textContent = 'Ready';
});
