import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_LINK, type ChainEntry } from '../../src/sync';
import { chainLinkContract } from '../contracts/chain-link.contract';
import { chainVector } from '../fixtures/chain-vectors';

chainLinkContract('Node WebCrypto');

/** The encoding of a link written out again with Node's Buffer and hashed with node:crypto, apart from the app. */
function independentLink(previous: string, entry: ChainEntry): string {
  const uint64 = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(BigInt(value));
    return bytes;
  };
  const text = (value: string) => {
    const utf8 = Buffer.from(value, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(utf8.length);
    return Buffer.concat([length, utf8]);
  };
  const input = Buffer.concat([
    Buffer.from([1]),
    Buffer.from(previous, 'hex'),
    uint64(entry.seq),
    text(entry.deviceId),
    uint64(entry.position),
    Buffer.from([entry.envelope.v]),
    text(entry.envelope.iv),
    text(entry.envelope.ciphertext),
  ]);
  return createHash('sha256').update(input).digest('hex');
}

describe('Chain link › given the pinned page', () => {
  it('pins links that an independent encoding hashed with node:crypto gives too', () => {
    let previous = GENESIS_LINK;
    const links = chainVector.entries.map((entry) => (previous = independentLink(previous, entry)));
    expect(links).toEqual(chainVector.links);
  });
});
