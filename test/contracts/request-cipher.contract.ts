import { describe, expect, it } from 'vitest';
import {
  SyncError,
  UndecryptableRequestError,
  decodeBase64url,
  encodeBase64url,
  generateVaultKey,
  importVaultKey,
  isSyncError,
  openRequest,
  sealRequest,
  type Envelope,
  type EnvelopeBinding,
} from '../../src/sync';

/**
 * What sealing and opening a request must do on every WebCrypto this app runs on (Node's, Chromium's): `where`
 * names the platform in the printed figures.
 */
export function requestCipherContract(where: string): void {
  describe(`Request cipher contract › ${where}`, () => {
    const binding: EnvelopeBinding = { vaultId: 'vault-alice', deviceId: 'phone', position: 7 };
    const request = new TextEncoder().encode('{"type":"DepositFunds","data":{"creditId":"alice","amount":2500}}');

    async function sealed(): Promise<{ key: CryptoKey; envelope: Envelope }> {
      const key = await importVaultKey(generateVaultKey());
      return { key, envelope: await sealRequest(key, binding, request) };
    }

    async function refusal(opening: Promise<unknown>): Promise<UndecryptableRequestError> {
      try {
        await opening;
      } catch (error) {
        if (error instanceof UndecryptableRequestError) return error;
        throw error;
      }
      throw new Error('the envelope opened');
    }

    describe('given a sealed request', () => {
      it('opens at its place under the same key to the same bytes', async () => {
        const { key, envelope } = await sealed();
        expect(await openRequest(key, binding, envelope)).toEqual(request);
      });

      it('is an envelope of version 1 with a 16-character IV and base64url ciphertext of the request and a tag', async () => {
        const { envelope } = await sealed();
        expect(Object.keys(envelope).sort()).toEqual(['ciphertext', 'iv', 'v']);
        expect(envelope.v).toBe(1);
        expect(envelope.iv).toMatch(/^[A-Za-z0-9_-]{16}$/);
        expect(envelope.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeBase64url(envelope.ciphertext)).toHaveLength(request.length + 16);
      });

      it('holds none of the request in the clear', async () => {
        const { envelope } = await sealed();
        const text = new TextDecoder().decode(decodeBase64url(envelope.ciphertext));
        expect(text).not.toContain('DepositFunds');
        expect(text).not.toContain('alice');
      });

      it('opens an empty request too', async () => {
        const key = await importVaultKey(generateVaultKey());
        const envelope = await sealRequest(key, binding, new Uint8Array());
        expect(await openRequest(key, binding, envelope)).toEqual(new Uint8Array());
      });
    });

    describe('given a sealed request with one byte of its IV or ciphertext changed', () => {
      it('refuses every such envelope with UndecryptableRequestError', async () => {
        const { key, envelope } = await sealed();
        const opened: string[] = [];
        for (const field of ['iv', 'ciphertext'] as const) {
          const bytes = decodeBase64url(envelope[field]);
          for (let index = 0; index < bytes.length; index++) {
            for (const mask of [0x01, 0x80, 0xff]) {
              const changed = bytes.slice();
              changed[index] = (changed[index] ?? 0) ^ mask;
              const altered = { ...envelope, [field]: encodeBase64url(changed) };
              try {
                await openRequest(key, binding, altered);
                opened.push(`${field}[${index}] ^ ${mask}`);
              } catch (error) {
                if (!(error instanceof UndecryptableRequestError)) throw error;
              }
            }
          }
        }
        expect(opened).toEqual([]);
      });
    });

    describe('given a sealed request with one character of its text changed to any other', () => {
      it('refuses every such envelope with UndecryptableRequestError', async () => {
        const { key, envelope } = await sealed();
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ';
        const opened: string[] = [];
        for (const field of ['iv', 'ciphertext'] as const) {
          const text = envelope[field];
          for (let index = 0; index < text.length; index++) {
            for (const character of alphabet) {
              if (character === text[index]) continue;
              const altered = { ...envelope, [field]: text.slice(0, index) + character + text.slice(index + 1) };
              try {
                await openRequest(key, binding, altered);
                opened.push(`${field}[${index}] = ${character}`);
              } catch (error) {
                if (!(error instanceof UndecryptableRequestError)) throw error;
              }
            }
          }
        }
        expect(opened).toEqual([]);
      });
    });

    describe('given a sealed request opened somewhere else', () => {
      it.each<[string, EnvelopeBinding]>([
        ['in another vault', { ...binding, vaultId: 'vault-bob' }],
        ['from another device', { ...binding, deviceId: 'laptop' }],
        ['at another position', { ...binding, position: 8 }],
        ['at a position 2^32 further', { ...binding, position: 7 + 2 ** 32 }],
        ['with the ids run together differently', { ...binding, vaultId: 'vault-alicep', deviceId: 'hone' }],
        ['with the ids swapped', { vaultId: binding.deviceId, deviceId: binding.vaultId, position: 7 }],
      ])('refuses it %s, naming the device and position it was opened for', async (_, elsewhere) => {
        const { key, envelope } = await sealed();
        const error = await refusal(openRequest(key, elsewhere, envelope));
        expect(error).toMatchObject({ deviceId: elsewhere.deviceId, position: elsewhere.position });
      });
    });

    describe('given a sealed request opened under another key', () => {
      it('refuses it with UndecryptableRequestError, a SyncError that is not retryable', async () => {
        const { envelope } = await sealed();
        const other = await importVaultKey(generateVaultKey());
        const error = await refusal(openRequest(other, binding, envelope));
        expect(error).toBeInstanceOf(SyncError);
        expect(error).toMatchObject({
          name: 'UndecryptableRequestError',
          code: 'undecryptable',
          retryable: false,
          deviceId: 'phone',
          position: 7,
        });
        expect(isSyncError(error)).toBe(true);
      });
    });

    describe('given a malformed envelope', () => {
      it.each<[string, (envelope: Envelope) => unknown]>([
        ['of another version', (envelope) => ({ ...envelope, v: 2 })],
        ['with a short IV', (envelope) => ({ ...envelope, iv: envelope.iv.slice(0, 12) })],
        ['with a long IV', (envelope) => ({ ...envelope, iv: `${envelope.iv}AAAA` })],
        ['with a padded IV', (envelope) => ({ ...envelope, iv: `${envelope.iv}==` })],
        [
          'with the ciphertext cut short',
          (envelope) => ({ ...envelope, ciphertext: envelope.ciphertext.slice(0, -4) }),
        ],
        ['with a ciphertext shorter than a tag', (envelope) => ({ ...envelope, ciphertext: 'AAAA' })],
        ['with no ciphertext', (envelope) => ({ ...envelope, ciphertext: '' })],
        ['with bytes added to the ciphertext', (envelope) => ({ ...envelope, ciphertext: `${envelope.ciphertext}AA` })],
      ])('refuses one %s with UndecryptableRequestError', async (_, alter) => {
        const { key, envelope } = await sealed();
        await refusal(openRequest(key, binding, alter(envelope) as Envelope));
      });
    });

    describe('when 10,000 requests are sealed under one key', () => {
      it('uses a different IV for each (and prints seals and opens per second)', async () => {
        const key = await importVaultKey(generateVaultKey());
        const count = 10_000;
        const started = performance.now();
        const envelopes: Envelope[] = [];
        for (let position = 1; position <= count; position++) {
          envelopes.push(await sealRequest(key, { ...binding, position }, request));
        }
        const sealing = performance.now() - started;
        expect(new Set(envelopes.map((envelope) => envelope.iv)).size).toBe(count);
        const opening = performance.now();
        for (const [index, envelope] of envelopes.entries())
          await openRequest(key, { ...binding, position: index + 1 }, envelope);
        const opened = performance.now() - opening;
        console.log(
          `request cipher (${where}): ${Math.round((count / sealing) * 1000)} seals/s, ` +
            `${Math.round((count / opened) * 1000)} opens/s (${request.length}-byte request, one at a time)`,
        );
      });
    });
  });
}
