import { chainLinkContract } from '../contracts/chain-link.contract';

chainLinkContract('Chromium WebCrypto');
