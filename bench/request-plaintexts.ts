import { Commands } from '../src/bank';
import { memoryPersistence } from '../src/eventsourcing';
import { GENESIS_LINK } from '../src/sync';
import { recordRequests } from './request-script';

/**
 * The bytes a device seals for `count` requests of the request script: each request recorded through `Commands`,
 * read back from its log and encoded as `VaultSync` encodes it (`{ id, type, timestamp, data, seen }` as UTF-8
 * JSON), as a first device that has seen nothing of the vault yet seals them.
 */
export async function requestPlaintexts(count: number): Promise<Uint8Array[]> {
  const commands = new Commands({ persistence: memoryPersistence() });
  try {
    await recordRequests(commands, count);
    const notifications = await commands.log.select(1, count);
    const seen = { seq: 0, link: GENESIS_LINK };
    const encoder = new TextEncoder();
    return notifications.map(({ originatorId: id, type, timestamp, data }) =>
      encoder.encode(JSON.stringify({ id, type, timestamp, data, seen })),
    );
  } finally {
    await commands.close();
  }
}
