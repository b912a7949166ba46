import { dexieFailureContract } from '../contracts/dexie-failures.contract';

dexieFailureContract('Chromium IndexedDB');
