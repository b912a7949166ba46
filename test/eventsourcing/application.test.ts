import 'fake-indexeddb/auto';
import { applicationContract } from '../contracts/application.contract';
import { nodePersistences } from '../fixtures/persistences';

for (const [name, persistence] of nodePersistences) applicationContract(name, persistence);
