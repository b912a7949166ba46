import { systemContract } from '../contracts/system.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

systemContract('dexie (Chromium IndexedDB)', freshDexiePersistence);
