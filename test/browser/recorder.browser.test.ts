import { freshDexiePersistence } from '../fixtures/persistences';
import { recorderContract } from '../contracts/recorder.contract';

recorderContract('dexie (Chromium IndexedDB)', freshDexiePersistence);
