import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeadChannel, type HeadMessage } from '../../src/eventsourcing/head-channel';

let channels = 0;
const opened: HeadChannel[] = [];

/** Two connections to one database: a channel each, on one name. */
function twoConnections() {
  channels++;
  const name = `head-channel-test-${channels}`;
  const here = new HeadChannel(name);
  const there = new HeadChannel(name);
  opened.push(here, there);
  return { here, there };
}

/** What `channel` hears of `app`, in order. */
function hearing(channel: HeadChannel, app: string): HeadMessage[] {
  const heard: HeadMessage[] = [];
  channel.listen(app, (message) => heard.push(message));
  return heard;
}

const untilHeard = (heard: readonly unknown[], count: number) => vi.waitFor(() => expect(heard.length).toBe(count));

afterEach(() => {
  for (const channel of opened.splice(0)) channel.close();
  vi.restoreAllMocks();
});

describe('HeadChannel', () => {
  it('sends what one task announced as one message for all applications, after the task, in order', async () => {
    const { here, there } = twoConnections();
    const posted = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
    const sagas = hearing(there, 'sagas');
    const ledger = hearing(there, 'ledger');
    const own = () => undefined;
    here.announce('sagas', 4, own);
    here.announce('ledger', 9, own);
    here.announce('sagas', 6, own);
    expect(posted).not.toHaveBeenCalled();
    await untilHeard(sagas, 2);
    expect(sagas).toEqual([4, 6]);
    expect(ledger).toEqual([9]);
    expect(posted).toHaveBeenCalledTimes(1);
  });

  it('tells the other listeners on its own connection, never the one that announced', async () => {
    const { here } = twoConnections();
    const fromA: HeadMessage[] = [];
    const a = (message: HeadMessage) => fromA.push(message);
    here.listen('sagas', a);
    const b = hearing(here, 'sagas');
    here.announce('sagas', 3, a);
    await untilHeard(b, 1);
    expect(b).toEqual([3]);
    expect(fromA).toEqual([]);
  });

  it('sends an erasure at once, when asked to, behind what was pending', async () => {
    const { here, there } = twoConnections();
    const heard = hearing(there, 'sagas');
    const own = () => undefined;
    here.announce('sagas', 5, own);
    here.announce('sagas', 'erased', own, true);
    await untilHeard(heard, 2);
    expect(heard).toEqual([5, 'erased']);
  });

  it('sends what is pending when it is closed', async () => {
    const { here, there } = twoConnections();
    const heard = hearing(there, 'sagas');
    here.announce('sagas', 7, () => undefined);
    here.close();
    await untilHeard(heard, 1);
    expect(heard).toEqual([7]);
  });

  it('ignores messages that are not announcements, and the malformed entries of one that is', async () => {
    const { there } = twoConnections();
    const heard = hearing(there, 'sagas');
    const stranger = new BroadcastChannel(`head-channel-test-${channels}`);
    stranger.postMessage('erased');
    stranger.postMessage(12);
    stranger.postMessage([['sagas', 1.5], ['sagas', 'wiped'], ['sagas'], [3, 4], ['sagas', 8]]);
    await untilHeard(heard, 1);
    expect(heard).toEqual([8]);
    stranger.close();
  });

  it('stops telling a listener once it has stopped listening', async () => {
    const { here, there } = twoConnections();
    const stopped: HeadMessage[] = [];
    const stop = there.listen('sagas', (message) => stopped.push(message));
    const still = hearing(there, 'sagas');
    stop();
    here.announce('sagas', 2, () => undefined);
    await untilHeard(still, 1);
    expect(stopped).toEqual([]);
  });
});
