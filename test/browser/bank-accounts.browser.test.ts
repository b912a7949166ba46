import { bankAccountsContract } from '../contracts/bank-accounts.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

bankAccountsContract('dexie (Chromium IndexedDB)', freshDexiePersistence);
