import { requestCipherContract } from '../contracts/request-cipher.contract';

requestCipherContract('Chromium WebCrypto');
