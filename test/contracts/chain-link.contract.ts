import { describe, expect, it } from 'vitest';
import { GENESIS_LINK, chainLink, chainLinks, type ChainEntry } from '../../src/sync';
import { chainVector } from '../fixtures/chain-vectors';

/**
 * What the vault log's hash chain must give on every WebCrypto this app runs on (Node's, Chromium's): `where`
 * names the platform in the printed figures.
 */
export function chainLinkContract(where: string): void {
  describe(`Chain link contract › ${where}`, () => {
    const page = chainVector.entries;

    /** Each way to change one field of an entry. */
    const changes: readonly (readonly [string, (entry: ChainEntry) => ChainEntry])[] = [
      ['seq', (entry) => ({ ...entry, seq: entry.seq + 1 })],
      ['deviceId', (entry) => ({ ...entry, deviceId: `${entry.deviceId}x` })],
      ['position', (entry) => ({ ...entry, position: entry.position + 1 })],
      ['envelope version', (entry) => ({ ...entry, envelope: { ...entry.envelope, v: 2 as 1 } })],
      ['IV', (entry) => ({ ...entry, envelope: { ...entry.envelope, iv: `B${entry.envelope.iv.slice(1)}` } })],
      [
        'ciphertext',
        (entry) => ({ ...entry, envelope: { ...entry.envelope, ciphertext: `${entry.envelope.ciphertext}A` } }),
      ],
    ];

    describe('given the pinned page after the genesis link', () => {
      it('gives the pinned links', async () => {
        expect(GENESIS_LINK).toBe('0'.repeat(64));
        expect(await chainLinks(GENESIS_LINK, page)).toEqual(chainVector.links);
      });

      it('gives each link by chainLink on the one before, the same each time', async () => {
        let previous = GENESIS_LINK;
        for (const [index, entry] of page.entries()) {
          const link = await chainLink(previous, entry);
          expect(link).toBe(chainVector.links[index]);
          expect(await chainLink(previous, entry)).toBe(link);
          previous = link;
        }
      });

      it('gives the rest of the links when it starts from a link in the middle', async () => {
        expect(await chainLinks(chainVector.links[0] ?? '', page.slice(1))).toEqual(chainVector.links.slice(1));
        expect(await chainLinks(GENESIS_LINK, [])).toEqual([]);
      });
    });

    describe('given one field of one entry changed', () => {
      it('keeps the links before it and changes its link and every one after', async () => {
        for (const [index] of page.entries()) {
          for (const [field, change] of changes) {
            const changed = page.map((entry, at) => (at === index ? change(entry) : entry));
            const links = await chainLinks(GENESIS_LINK, changed);
            for (const [at, link] of links.entries()) {
              const expected = chainVector.links[at];
              if (at < index) expect(link, `entry ${at} after ${field} of ${index}`).toBe(expected);
              else expect(link, `entry ${at} after ${field} of ${index}`).not.toBe(expected);
            }
          }
        }
      });
    });

    describe('given another previous link', () => {
      it('changes every link', async () => {
        const links = await chainLinks(`${'0'.repeat(63)}1`, page);
        for (const [at, link] of links.entries()) expect(link).not.toBe(chainVector.links[at]);
      });
    });

    describe('given two entries swapped', () => {
      it('changes the links from the first of them on', async () => {
        const [first, second, third] = page;
        const links = await chainLinks(GENESIS_LINK, [first, third, second]);
        expect(links[0]).toBe(chainVector.links[0]);
        expect(links[1]).not.toBe(chainVector.links[1]);
        expect(links[2]).not.toBe(chainVector.links[2]);
      });
    });

    describe('given text moved from one field to the next', () => {
      it('changes the link, since every text is length-prefixed', async () => {
        const entry = page[0];
        const moved = {
          ...entry,
          envelope: {
            v: 1 as const,
            iv: entry.envelope.iv.slice(0, -1),
            ciphertext: `${entry.envelope.iv.slice(-1)}${entry.envelope.ciphertext}`,
          },
        };
        expect(await chainLink(GENESIS_LINK, moved)).not.toBe(chainVector.links[0]);
      });
    });

    describe('given values outside the format', () => {
      it.each([
        ['an upper-case previous link', 'A'.repeat(64), page[0]],
        ['a short previous link', '0'.repeat(63), page[0]],
        ['a negative seq', GENESIS_LINK, { ...page[0], seq: -1 }],
        ['a fractional position', GENESIS_LINK, { ...page[0], position: 1.5 }],
      ])('refuses %s with a RangeError', async (_, previous, entry) => {
        await expect(chainLink(previous, entry)).rejects.toThrow(RangeError);
        await expect(chainLinks(previous, [entry])).rejects.toThrow(RangeError);
      });
    });

    describe('when a page of 10,000 entries is chained', () => {
      it('gives distinct links that carry on from any of them (and prints links per second)', async () => {
        const ciphertext = 'A'.repeat(200);
        const entries = Array.from({ length: 10_000 }, (_, index): ChainEntry => ({
          seq: index + 1,
          deviceId: index % 2 ? 'phone' : 'laptop',
          position: Math.floor(index / 2) + 1,
          envelope: { v: 1, iv: 'AAECAwQFBgcICQoL', ciphertext },
        }));
        const started = performance.now();
        const links = await chainLinks(GENESIS_LINK, entries);
        const elapsed = performance.now() - started;
        console.log(
          `chain (${where}): ${Math.round((entries.length / elapsed) * 1000)} links/s ` +
            `(10,000 entries with a 200-character ciphertext, in ${Math.round(elapsed)} ms)`,
        );
        expect(new Set(links).size).toBe(entries.length);
        expect(await chainLinks(links[9_997] ?? '', entries.slice(9_998))).toEqual(links.slice(9_998));
      });
    });
  });
}
