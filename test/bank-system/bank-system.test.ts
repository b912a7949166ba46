import 'fake-indexeddb/auto';
import { bankSystemContract } from '../contracts/bank-system.contract';
import { nodePersistences } from '../fixtures/persistences';

for (const [name, persistence] of nodePersistences) bankSystemContract(name, persistence);
