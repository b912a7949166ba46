import { serverStorages } from './fixtures/storages';
import { requestsApiContract } from './requests-api.contract';

for (const [name, storage] of serverStorages) requestsApiContract(name, storage);
