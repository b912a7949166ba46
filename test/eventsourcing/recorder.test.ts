import 'fake-indexeddb/auto';
import { nodePersistences } from '../fixtures/persistences';
import { recorderContract } from '../contracts/recorder.contract';

for (const [name, persistence] of nodePersistences) recorderContract(name, persistence);
