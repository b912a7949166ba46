import { Agent, request } from 'node:http';
import { REQUEST_PROTOCOL_LIMITS, pushRequestsResponseSchema, sealRequest, type PushRequests } from '../../src/sync';
import type { PushedRequest } from './log-check';

/** A device of the load test with its requests sealed beforehand and cut into push bodies. */
export interface LoadDevice {
  readonly vaultId: string;
  readonly token: string;
  readonly deviceId: string;
  /** Which server instance it pushes through. */
  readonly instance: number;
  /** Each round's pushes as JSON bytes: round r holds positions r × n + 1 to (r + 1) × n. */
  readonly rounds: readonly (readonly LoadPush[])[];
  /** Everything it will push, for the check of the log. */
  readonly requests: readonly PushedRequest[];
}

/** One push of a device, sealed and encoded beforehand. */
export interface LoadPush {
  readonly body: Buffer;
  /** Its last position: the device's acknowledged position once it is stored. */
  readonly last: number;
  readonly count: number;
}

/** What one acknowledged push told, and when. */
export interface PushAnswer {
  readonly vaultId: string;
  readonly instance: number;
  /** The vault's head in the answer: a subscriber hearing it (or more) has heard of the push. */
  readonly head: number;
  readonly requests: number;
  /** `performance.now()` when the push was sent and when its answer (sent after the commit) was read. */
  readonly sentAt: number;
  readonly answeredAt: number;
}

/**
 * Seals `plaintexts` `rounds` times over, for positions 1, 2, … of a device of the vault (`sealRequest`, as a device
 * seals them: the same bytes at another position are another envelope), and cuts each round into pushes of `batch`,
 * each checked against the protocol's body limit.
 */
export async function sealDevice(
  key: CryptoKey,
  device: { vaultId: string; token: string; deviceId: string; instance: number },
  plaintexts: readonly Uint8Array[],
  options: { batch: number; rounds: number },
): Promise<LoadDevice> {
  const { vaultId, deviceId } = device;
  const requests: PushedRequest[] = [];
  const rounds: LoadPush[][] = [];
  for (let round = 0; round < options.rounds; round++) {
    const sealed = await Promise.all(
      plaintexts.map(async (plaintext, index) => {
        const position = round * plaintexts.length + index + 1;
        return { deviceId, position, envelope: await sealRequest(key, { vaultId, deviceId, position }, plaintext) };
      }),
    );
    requests.push(...sealed);
    const pushes: LoadPush[] = [];
    for (let start = 0; start < sealed.length; start += options.batch) {
      const slice = sealed.slice(start, start + options.batch);
      const push: PushRequests = {
        deviceId,
        requests: slice.map(({ position, envelope }) => ({ position, envelope })),
      };
      const body = Buffer.from(JSON.stringify(push));
      if (body.length > REQUEST_PROTOCOL_LIMITS.maxBodyBytes) {
        throw new Error(`a push of ${body.length} bytes is over the protocol's limit`);
      }
      pushes.push({ body, last: slice.at(-1)?.position ?? 0, count: slice.length });
    }
    rounds.push(pushes);
  }
  return { ...device, rounds, requests };
}

/** How the devices reach the servers: one keep-alive agent per instance, as many sockets as devices. */
export function pushAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity });
}

/**
 * Pushes the device's requests of `round` one push after the other, each once acknowledged, as a device catching up
 * does. A `429` or `503` is retried after its `Retry-After` (counted in `retries`); so is a push whose kept-alive
 * connection the server closed as it was sent (its idle timeout), at once: re-sending a push is safe, the server
 * stores a position once. Any other answer or failure fails the run.
 */
export async function pushDevice(
  device: LoadDevice,
  round: number,
  url: string,
  agent: Agent,
  counts: { retries: number },
): Promise<PushAnswer[]> {
  const answers: PushAnswer[] = [];
  for (const push of device.rounds[round] ?? []) {
    for (;;) {
      const sentAt = performance.now();
      let answered: Awaited<ReturnType<typeof post>>;
      try {
        answered = await post(`${url}/v2/requests`, device.token, push.body, agent);
      } catch (error) {
        if ((error as { reused?: boolean }).reused !== true) throw error;
        counts.retries++;
        continue;
      }
      const { status, body, retryAfter } = answered;
      const answeredAt = performance.now();
      if (status === 429 || status === 503) {
        counts.retries++;
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000));
        continue;
      }
      if (status !== 200) throw new Error(`${device.deviceId}: a push answered ${status}: ${body}`);
      const answer = pushRequestsResponseSchema.parse(JSON.parse(body));
      if (answer.acknowledged !== push.last) {
        throw new Error(`${device.deviceId}: ${answer.acknowledged} acknowledged after pushing up to ${push.last}`);
      }
      answers.push({
        vaultId: device.vaultId,
        instance: device.instance,
        head: answer.head,
        requests: push.count,
        sentAt,
        answeredAt,
      });
      break;
    }
  }
  return answers;
}

/** One POST on the agent's keep-alive connections; its status, body text and `Retry-After` seconds. */
function post(
  url: string,
  token: string,
  body: Buffer,
  agent: Agent,
): Promise<{ status: number; body: string; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST',
      agent,
      timeout: 60_000,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': body.length,
      },
    });
    outgoing.once('timeout', () => outgoing.destroy(new Error('no answer to a push within 60 s')));
    // `on`, not `once`: a socket can fail twice (reset while the answer is read), and an unheard error ends the process.
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      reject(Object.assign(error, { reused: outgoing.reusedSocket })),
    );
    outgoing.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: text,
          retryAfter: Number(response.headers['retry-after'] ?? 1),
        }),
      );
    });
    outgoing.end(body);
  });
}
