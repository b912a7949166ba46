import type { CarriedCheckpoint, ConfirmedEntry, VaultLogState } from '../bank';
import type { JsonValue } from '../eventsourcing';
import { GENESIS_LINK, chainLink } from './chain-link';
import { LogIntegrityError } from './log-integrity-error';
import { openRequest } from './request-cipher';
import type { LogEntry } from './protocol';

/** What verifying a page needs to know besides the page. */
export interface VerifyContext {
  readonly key: CryptoKey;
  readonly vaultId: string;
  /** This device's id, and how many of its requests the log must begin with (its history as the vault's start). */
  readonly deviceId: string;
  readonly handover: number;
  /** The chain link at an earlier `seq` of the log kept here (for the link a request remembers). */
  readonly linkAt: (seq: number) => Promise<string | undefined>;
}

/**
 * Verifies a page of the vault log against what this device verified before, and opens its requests. Nothing is
 * returned unless the whole page verifies: the caller keeps all of it or none.
 *
 * Invariants (each broken one is a `LogIntegrityError`):
 * - `seq` goes on from the head kept here, one by one; each device's positions go on from its last, one by one.
 * - The chain link of each entry is SHA-256 over the previous link and the entry (`chainLink`), computed here.
 * - Every request opens with the vault key, bound to its vault, device and position.
 * - Every request remembers the head its device had verified when sealing it (`seen: { seq, link }`): that `seq` is
 *   below the request's own, and the link this device computed there is the same. So a request placed before
 *   something its author had seen, and two devices shown different histories, are caught.
 * - The checkpoint a request carries beside what its device had seen (`seen.checkpoint: { seq, digest }`, its
 *   digest of the bank it had derived) is kept for the derivation to compare when it is well formed and before the
 *   request; anything else there is left out, since it proves nothing about the log (see `Derivation`).
 * - A device that began the vault with its own history finds exactly that history first; and every device finds
 *   the history the first entry announces (`handover`, sealed in by the device that began the vault) whole, with
 *   nothing of another device inside it.
 */
export async function verifyPage(
  state: VaultLogState,
  entries: readonly LogEntry[],
  context: VerifyContext,
): Promise<ConfirmedEntry[]> {
  let head = state.head;
  let link = state.head === 0 ? GENESIS_LINK : state.link;
  const positions: Record<string, number> = { ...state.positions };
  let handover = state.handover;
  const links = new Map<number, string>();
  const verified: ConfirmedEntry[] = [];
  for (const entry of entries) {
    const { seq, deviceId, position, envelope } = entry;
    if (seq !== head + 1) throw new LogIntegrityError('seq-gap', seq, `entry ${head + 1} was expected`);
    const expected = (positions[deviceId] ?? 0) + 1;
    if (position !== expected) {
      throw new LogIntegrityError(
        'position-gap',
        seq,
        `request ${expected} of its device was expected, not ${position}`,
      );
    }
    if (seq <= context.handover && (deviceId !== context.deviceId || position !== seq)) {
      throw new LogIntegrityError('handover', seq, 'the vault does not begin with the history this device pushed');
    }
    if (handover !== undefined && seq <= handover.count && (deviceId !== handover.deviceId || position !== seq)) {
      throw new LogIntegrityError(
        'handover',
        seq,
        'another request was placed inside the history the vault began with',
      );
    }
    link = await chainLink(link, entry);
    links.set(seq, link);
    let request: Readonly<Record<string, JsonValue>>;
    try {
      const bytes = await openRequest(context.key, { vaultId: context.vaultId, deviceId, position }, envelope);
      request = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Readonly<
        Record<string, JsonValue>
      >;
    } catch {
      throw new LogIntegrityError('undecryptable', seq, 'its request cannot be opened with the vault key');
    }
    const {
      seen,
      handover: announced,
      ...sealed
    } = request as { seen?: unknown; handover?: unknown } & Readonly<Record<string, JsonValue>>;
    await checkSeen(seen, seq, links, context);
    positions[deviceId] = position;
    head = seq;
    // Only the first entry can announce the history the vault begins with; elsewhere the field means nothing.
    const count = seq === 1 && isHandoverCount(announced) ? announced : undefined;
    if (count !== undefined) handover = { deviceId, count };
    const checkpoint = checkpointOf(seen, seq);
    const deviceName = deviceNameOf(seen);
    verified.push({
      seq,
      deviceId,
      position,
      link,
      request: sealed,
      ...(count === undefined ? {} : { handover: count }),
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(deviceName === undefined ? {} : { deviceName }),
    });
  }
  return verified;
}

/** The longest device name a request may carry beside `seen`. */
export const MAX_SEALED_DEVICE_NAME = 40;

/**
 * The name its person gave the device, sealed beside `seen` (`seen.deviceName`), when it is one: text of 1 to
 * `MAX_SEALED_DEVICE_NAME` characters with something visible in it. Anything else is no name; the request stands.
 */
function deviceNameOf(seen: unknown): string | undefined {
  const { deviceName } = (seen ?? {}) as { deviceName?: unknown };
  if (typeof deviceName !== 'string') return undefined;
  const name = deviceName.trim();
  return name.length >= 1 && name.length <= MAX_SEALED_DEVICE_NAME && /\p{L}|\p{N}|\p{S}|\p{P}/u.test(name)
    ? name
    : undefined;
}

/** The checkpoint sealed beside `seen`, when it has the shape of one and lies before the request at `seq`. */
function checkpointOf(seen: unknown, seq: number): CarriedCheckpoint | undefined {
  const { checkpoint } = (seen ?? {}) as { checkpoint?: unknown };
  if (typeof checkpoint !== 'object' || checkpoint === null) return undefined;
  const { seq: at, digest } = checkpoint as { seq?: unknown; digest?: unknown };
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 1 || at >= seq) return undefined;
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) return undefined;
  return { seq: at, digest };
}

function isHandoverCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

async function checkSeen(
  seen: unknown,
  seq: number,
  links: ReadonlyMap<number, string>,
  context: VerifyContext,
): Promise<void> {
  const { seq: seenSeq, link: seenLink } = (seen ?? {}) as { seq?: unknown; link?: unknown };
  if (typeof seenSeq !== 'number' || !Number.isSafeInteger(seenSeq) || seenSeq < 0 || typeof seenLink !== 'string') {
    throw new LogIntegrityError('seen-link', seq, 'its request does not say what its device had seen');
  }
  if (seenSeq >= seq) {
    throw new LogIntegrityError('seen-link', seq, `it is placed before entry ${seenSeq}, which its device had seen`);
  }
  const known = seenSeq === 0 ? GENESIS_LINK : (links.get(seenSeq) ?? (await context.linkAt(seenSeq)));
  if (known !== seenLink) {
    throw new LogIntegrityError('seen-link', seq, `its device saw another history at entry ${seenSeq}`);
  }
}
