import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConfirmedRequests, type ConfirmedEntry } from '../../src/bank';
import { ConcurrencyError, dexiePersistence } from '../../src/eventsourcing';
import { eventually } from '../fixtures/eventually';

let prefixes = 0;

function entry(seq: number): ConfirmedEntry {
  return { seq, deviceId: 'phone', position: seq, link: `link-${seq}`, request: null };
}

describe('ConfirmedRequests', () => {
  it('keeps entries in seq order and refuses a gap', async () => {
    const log = new ConfirmedRequests({ persistence: dexiePersistence({ prefix: `confirmed-${prefixes++}` }) });
    await log.append([entry(1), entry(2)]);
    await expect(log.append([entry(4)])).rejects.toThrow(RangeError);
    expect((await log.state()).head).toBe(2);
    expect((await log.state()).positions).toEqual({ phone: 2 });
  });

  it('tells a tab that kept entries another tab kept first of a concurrent change, and holds each entry once', async () => {
    const persistence = dexiePersistence({ prefix: `confirmed-${prefixes++}` });
    const firstTab = new ConfirmedRequests({ persistence });
    const secondTab = new ConfirmedRequests({ persistence });
    await firstTab.append([entry(1)]);
    expect((await secondTab.state()).head).toBe(1);

    // The second tab verified entry 2 against the log it read (head 1); the first kept 2 and 3 meanwhile.
    await firstTab.append([entry(2), entry(3)]);
    await eventually(async () => (await secondTab.state()).head === 3);
    const refusal = secondTab.append([entry(2)]);
    await expect(refusal).rejects.toThrow(ConcurrencyError);
    const error = await refusal.catch((caught: unknown) => caught);
    expect(String((error as ConcurrencyError).cause)).toContain('Entry 2 is already kept');

    // Read again, the second tab goes on after what the first kept.
    await secondTab.append([entry(4)]);
    const seqs = (await firstTab.recorder.selectEvents('vault-log')).map((event) => (event.data as ConfirmedEntry).seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });
});
