/**
 * CRC-24 as OpenPGP defines it (RFC 4880 §6.1: generator 0x864CFB, initial value 0xB704CE, bits taken most
 * significant first, no final XOR). Its generator has degree 24 and a constant term, so it catches every change
 * confined to 24 consecutive bits of the message and its CRC: that is what the recovery code relies on.
 */
export function crc24(bytes: Uint8Array): number {
  let crc = INITIAL;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= GENERATOR;
    }
  }
  return crc & 0xffffff;
}

const INITIAL = 0xb704ce;
const GENERATOR = 0x1864cfb;
