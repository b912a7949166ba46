import { describe, expect, it } from 'vitest';
import { crc24 } from '../../src/sync/crc24';

describe('crc24', () => {
  describe('given the catalogue check input "123456789"', () => {
    it('gives CRC-24/OPENPGP check value 0x21CF02', () => {
      expect(crc24(new TextEncoder().encode('123456789'))).toBe(0x21cf02);
    });
  });

  describe('given no bytes', () => {
    it('gives the initial value of RFC 4880 §6.1', () => {
      expect(crc24(new Uint8Array())).toBe(0xb704ce);
    });
  });

  describe('given every burst of up to 24 flipped bits in a 35-byte message', () => {
    it('gives another CRC for each', () => {
      const message = Uint8Array.from({ length: 32 }, (_, index) => (index * 37 + 11) & 0xff);
      const crc = crc24(message);
      const codeword = new Uint8Array([...message, crc >>> 16, (crc >>> 8) & 0xff, crc & 0xff]);
      let bursts = 0;
      for (let start = 0; start < codeword.length * 8; start++) {
        // A burst starts and ends with a flipped bit and may flip any bits between: three patterns for those.
        for (let length = 1; length <= 24 && start + length <= codeword.length * 8; length++) {
          for (const inner of [0, 0xffffff, 0x5a5a5a]) {
            const pattern = length === 1 ? 1 : 1 | (1 << (length - 1)) | ((inner << 1) & ((1 << (length - 1)) - 1));
            const changed = codeword.slice();
            for (let bit = 0; bit < length; bit++) {
              if ((pattern >>> bit) & 1) {
                const at = start + bit;
                changed[at >>> 3] = (changed[at >>> 3] ?? 0) ^ (0x80 >>> (at & 7));
              }
            }
            const received = ((changed[32] ?? 0) << 16) | ((changed[33] ?? 0) << 8) | (changed[34] ?? 0);
            expect(crc24(changed.subarray(0, 32))).not.toBe(received);
            bursts++;
          }
        }
      }
      expect(bursts).toBeGreaterThan(15_000);
    });
  });
});
