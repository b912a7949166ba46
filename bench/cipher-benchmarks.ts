import { generateVaultKey, importVaultKey, sealRequest } from '../src/sync';
import { median, time, type BenchResult } from './result';
import { requestPlaintexts } from './request-plaintexts';

const REQUESTS = 10_000;

/**
 * Sealing requests as a device does before pushing them: `sealRequest` (a fresh IV, the envelope's binding as
 * additional data, base64url) against WebCrypto's AES-GCM alone on the same bytes with the same key, one request
 * after another as `VaultSync` seals them; the two sides alternate over the rounds.
 */
export async function cipherBenchmarks(rounds: number): Promise<BenchResult[]> {
  const plaintexts = await requestPlaintexts(REQUESTS);
  const bytes = plaintexts.reduce((sum, plaintext) => sum + plaintext.length, 0) / plaintexts.length;
  const key = await importVaultKey(generateVaultKey());
  const vaultId = crypto.randomUUID();
  const deviceId = crypto.randomUUID();
  const sealed: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < rounds; round++) {
    sealed.push(
      await time(async () => {
        for (const [index, plaintext] of plaintexts.entries()) {
          await sealRequest(key, { vaultId, deviceId, position: index + 1 }, plaintext);
        }
      }),
    );
    raw.push(
      await time(async () => {
        for (const plaintext of plaintexts) {
          const iv = crypto.getRandomValues(new Uint8Array(12));
          await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plaintext.slice());
        }
      }),
    );
  }
  const rate = (ms: number) => Math.round((REQUESTS / ms) * 1000);
  return [
    {
      name: 'encrypt-requests-per-second',
      description: `${REQUESTS.toLocaleString('en-US')} requests of the request script (openings, deposits, transfers; ${Math.round(bytes)} bytes of JSON each on average, as VaultSync encodes them), sealed one after another with sealRequest (AES-256-GCM, fresh IV, binding as additional data, base64url envelope); baseline: crypto.subtle.encrypt alone (AES-GCM, fresh IV) of the same bytes with the same key; median of ${rounds} rounds`,
      value: rate(median(sealed)),
      unit: 'requests/s',
      baseline: rate(median(raw)),
      ratio: Math.round((median(raw) / median(sealed)) * 1000) / 1000,
    },
  ];
}
