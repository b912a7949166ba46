import 'fake-indexeddb/auto';
import { dexieFailureContract } from '../contracts/dexie-failures.contract';

dexieFailureContract('fake-indexeddb');
