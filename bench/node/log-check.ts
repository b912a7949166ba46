import type { Envelope, LogEntry } from '../../src/sync';

/** A request a device pushed and had acknowledged: where it must be in the vault log, and what. */
export interface PushedRequest {
  readonly deviceId: string;
  readonly position: number;
  readonly envelope: Envelope;
}

/**
 * What is wrong with a vault log read back whole, against every request pushed to the vault and acknowledged: an
 * empty list when each request is there exactly once with the envelope that was sent and `seq` runs 1, 2, … with
 * no gap and nothing else. Each problem is one line naming the request or `seq`; at most `limit` are listed, then
 * a count of the rest.
 */
export function checkVaultLog(
  pushed: readonly PushedRequest[],
  entries: readonly LogEntry[],
  limit = 10,
): readonly string[] {
  const problems: string[] = [];
  const expected = new Map(pushed.map((request) => [keyOf(request), request]));
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (entry.seq !== index + 1) problems.push(`seq ${entry.seq} is entry ${index + 1} of the log (a gap or a repeat)`);
    const key = keyOf(entry);
    const sent = expected.get(key);
    if (seen.has(key)) problems.push(`${key} is in the log twice (seq ${entry.seq})`);
    else if (sent === undefined) problems.push(`${key} is in the log (seq ${entry.seq}) but was never pushed`);
    else if (!sameEnvelope(sent.envelope, entry.envelope)) problems.push(`${key} holds another envelope`);
    seen.add(key);
  });
  for (const key of expected.keys()) if (!seen.has(key)) problems.push(`${key} was acknowledged but is not in the log`);
  return problems.length <= limit
    ? problems
    : [...problems.slice(0, limit), `… and ${problems.length - limit} more problems`];
}

function keyOf(request: { readonly deviceId: string; readonly position: number }): string {
  return `${request.deviceId}#${request.position}`;
}

function sameEnvelope(sent: Envelope, stored: Envelope): boolean {
  return sent.v === stored.v && sent.iv === stored.iv && sent.ciphertext === stored.ciphertext;
}
