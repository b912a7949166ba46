import { storages } from './fixtures/storages';
import { syncServerContract } from './sync-server.contract';

for (const [name, storage] of storages) syncServerContract(name, storage);
