import { describe, expect, it } from 'vitest';
import { checkVaultLog, type PushedRequest } from '../../bench/node/log-check';
import type { LogEntry } from '../../src/sync';
import { envelopeOf } from '../server/fixtures/request-wire';

/** Requests of `deviceId` at positions 1 to `count`, as pushed. */
function pushedBy(deviceId: string, count: number): PushedRequest[] {
  return Array.from({ length: count }, (_, index) => ({
    deviceId,
    position: index + 1,
    envelope: envelopeOf(deviceId, index + 1),
  }));
}

/** The log a server holding `requests` in this order answers. */
function logOf(requests: readonly PushedRequest[]): LogEntry[] {
  return requests.map((request, index) => ({ seq: index + 1, ...request }));
}

const alice = pushedBy('alice', 3);
const bob = pushedBy('bob', 2);

describe('checkVaultLog (the load test’s check that nothing was lost or doubled)', () => {
  it('given every pushed request once, interleaved, with seq 1, 2, …, then no problem', () => {
    const log = logOf([alice[0], bob[0], alice[1], bob[1], alice[2]] as PushedRequest[]);
    expect(checkVaultLog([...alice, ...bob], log)).toEqual([]);
  });

  it('given an acknowledged request missing from the log, then it is named', () => {
    const log = logOf([...alice, bob[0]] as PushedRequest[]);
    expect(checkVaultLog([...alice, ...bob], log)).toEqual(['bob#2 was acknowledged but is not in the log']);
  });

  it('given a request stored twice, then the repeat is named', () => {
    const log = logOf([...alice, alice[2], ...bob] as PushedRequest[]);
    expect(checkVaultLog([...alice, ...bob], log)).toEqual(['alice#3 is in the log twice (seq 4)']);
  });

  it('given a gap in seq, then the entry after it is named', () => {
    const log = logOf([...alice, ...bob]).map((entry) => (entry.seq >= 3 ? { ...entry, seq: entry.seq + 1 } : entry));
    expect(checkVaultLog([...alice, ...bob], log)).toEqual([
      'seq 4 is entry 3 of the log (a gap or a repeat)',
      'seq 5 is entry 4 of the log (a gap or a repeat)',
      'seq 6 is entry 5 of the log (a gap or a repeat)',
    ]);
  });

  it('given a request nobody pushed, or another envelope at a pushed position, then both are named', () => {
    const log = logOf([
      ...alice,
      { ...bob[0], envelope: envelopeOf('bob', 1, 1) },
      ...pushedBy('carol', 1),
    ] as PushedRequest[]);
    expect(checkVaultLog([...alice, ...bob.slice(0, 1)], log)).toEqual([
      'bob#1 holds another envelope',
      'carol#1 is in the log (seq 5) but was never pushed',
    ]);
  });

  it('given more problems than the limit, then the rest are counted', () => {
    expect(checkVaultLog(pushedBy('alice', 5), [], 2)).toEqual([
      'alice#1 was acknowledged but is not in the log',
      'alice#2 was acknowledged but is not in the log',
      '… and 3 more problems',
    ]);
  });
});
