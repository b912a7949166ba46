import { bankSystemContract } from '../contracts/bank-system.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

bankSystemContract('dexie (Chromium IndexedDB)', freshDexiePersistence);
