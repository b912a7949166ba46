import { applicationContract } from '../contracts/application.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

applicationContract('dexie (Chromium IndexedDB)', freshDexiePersistence);
