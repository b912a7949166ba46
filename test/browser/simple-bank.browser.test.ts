import { simpleBankContract } from '../contracts/simple-bank.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

simpleBankContract('dexie (Chromium IndexedDB)', freshDexiePersistence);
