import { requestCipherContract } from '../contracts/request-cipher.contract';

requestCipherContract('Node WebCrypto');
