import { describe, expect, it } from 'vitest';
import {
  AccountClosedError,
  AccountNotFoundError,
  InsufficientFundsError,
  InvalidAmountError,
  InvalidRequestError,
  SameAccountTransferError,
  type BankError,
  type BankRequestKind,
} from '../../src/bank';
import type { BankSyncStatus } from '../../src/sync/bank-sync';
import {
  checkRecoveryCode,
  describeRecoveryCodeProblem,
  describeRefusalAfterSync,
  describeSyncProblem,
  parseRoute,
  routeHref,
  summarizeSyncStatus,
  syncServerOrigin,
  type ParseRecoveryCode,
} from '../../src/ui';

/** The words a person reads about sync and about requests decided once synced. */

const format = { locale: 'en-US', currency: 'USD' } as const;
const savings = '3f2c7a9e-1b4d-4e8f-9a6b-5c0d2e1f7a8b';
const nameOf = (accountId: string) => (accountId === savings ? 'Savings' : 'an unknown account');
/** Words that must never reach a person: jargon of the machinery, and raw ids. */
const JARGON = /conflict|events?\b|[0-9a-f]{8}-[0-9a-f]{4}/iu;

function status(overrides: Partial<BankSyncStatus>): BankSyncStatus {
  return { state: 'idle', pending: 0, pendingIds: new Set(), confirmed: 0, ...overrides };
}

describe('summarizeSyncStatus', () => {
  it('says in a few words whether this device is synced, syncing, offline, waiting or stopped, and why', () => {
    expect(summarizeSyncStatus(status({}))).toEqual({ label: 'Synced', tone: 'ok' });
    expect(summarizeSyncStatus(status({ pending: 3 }))).toEqual({ label: '3 waiting to sync', tone: 'waiting' });
    expect(summarizeSyncStatus(status({ state: 'syncing', pending: 1 }))).toEqual({ label: 'Syncing…', tone: 'busy' });
    expect(
      summarizeSyncStatus(
        status({ state: 'offline', pending: 2, error: { code: 'network', message: 'fetch failed' } }),
      ),
    ).toMatchObject({
      label: 'Offline · 2 waiting',
      tone: 'waiting',
      problem: expect.stringContaining('reached') as unknown,
    });
    const stopped = summarizeSyncStatus(
      status({ state: 'stopped', error: { code: 'log-integrity', message: 'chain link mismatch at seq 12' } }),
    );
    expect(stopped).toMatchObject({ label: 'Sync stopped', tone: 'problem' });
    expect(stopped.problem).toContain('does not check out');
    expect(stopped.problem).not.toContain('seq');
    const diverged = summarizeSyncStatus(
      status({ state: 'error', error: { code: 'diverged', message: 'checkpoints after entry 300 differ' } }),
    );
    expect(diverged).toMatchObject({ label: 'Devices disagree', tone: 'problem' });
    expect(diverged.problem).toContain('Update the app on every device');
    expect(diverged.problem).toContain('export a copy');
    expect(diverged.problem).not.toContain('300');
  });
});

describe('describeSyncProblem', () => {
  it('gives words for every problem by its code, never the client’s own message, and no jargon', () => {
    const codes = [
      'network',
      'http',
      'bad-response',
      'log-integrity',
      'diverged',
      'recovery-code',
      'newer-rules',
      'vault-taken',
    ];
    const other = ['restore-not-empty', 'not-empty', 'local-store', 'unavailable', 'something-new'];
    const words = [...codes, ...other].map((code) =>
      describeSyncProblem({ code, message: `version conflict: 12 events at ${savings}` }),
    );
    expect(new Set(words).size).toBe(words.length - 1);
    for (const text of words) {
      expect(text).not.toMatch(JARGON);
      expect(text).toMatch(/\.$/u);
    }
  });
});

describe('describeRefusalAfterSync', () => {
  const cases: readonly (readonly [BankError, BankRequestKind, string])[] = [
    [
      new InsufficientFundsError({ accountId: savings, available: 2_000, requested: 4_000 }),
      'withdrawal',
      'Refused after syncing: Savings had $20.00 available when this withdrawal was reached.',
    ],
    [
      new InsufficientFundsError({ accountId: savings, available: 0, requested: 100 }),
      'transfer',
      'Refused after syncing: Savings had $0.00 available when this transfer was reached.',
    ],
    [
      new InsufficientFundsError({ accountId: savings, available: -6_640, requested: 100 }),
      'withdrawal',
      'Refused after syncing: Savings had nothing available ($66.40 over its limit) when this withdrawal was reached.',
    ],
    [
      new AccountClosedError({ accountId: savings }),
      'deposit',
      'Refused after syncing: Savings was already closed when this deposit was reached.',
    ],
    [
      new AccountClosedError({ accountId: savings }),
      'overdraft-limit',
      'Refused after syncing: Savings was already closed when this new limit was reached.',
    ],
    [
      new AccountNotFoundError({ accountId: 'b9d1c0aa-0000-4000-8000-000000000000' }),
      'deposit',
      'Refused after syncing: no device had opened the account it names when this deposit was reached.',
    ],
  ];

  it('says why, with the facts of the error, naming accounts by their names', () => {
    for (const [error, kind, words] of cases) {
      expect(describeRefusalAfterSync(error, kind, nameOf, format)).toBe(words);
    }
  });

  it('never shows an id or jargon, whatever the error', () => {
    const errors: BankError[] = [
      ...cases.map(([error]) => error),
      new InvalidRequestError({ requestId: savings, problem: 'malformed deposit request at amount' }),
      new SameAccountTransferError({ accountId: savings }),
      new InvalidAmountError({ value: -1 }),
    ];
    for (const error of errors) {
      expect(describeRefusalAfterSync(error, 'transfer', nameOf, format)).not.toMatch(JARGON);
    }
  });
});

describe('checkRecoveryCode', () => {
  /** A parser keeping the sync module's contract: the key's bytes, or a `RecoveryCodeError` (`code`, `problem`). */
  const parser: ParseRecoveryCode = (text) => {
    const fail = (facts: Record<string, unknown>) => {
      throw Object.assign(new Error('not a recovery code'), {
        name: 'RecoveryCodeError',
        code: 'recovery-code',
        ...facts,
      });
    };
    const symbols = text.replace(/[\s-]/gu, '');
    const bad = /[^0-9A-Z]/u.exec(symbols.toUpperCase());
    if (bad !== null) return fail({ problem: 'character', character: bad[0], index: bad.index });
    if (symbols === '') return fail({ problem: 'empty' });
    if (symbols.length !== 56) return fail({ problem: 'length', count: symbols.length, expected: 56 });
    if (!symbols.startsWith('7K3M')) return fail({ problem: 'checksum' });
    return Promise.resolve(new Uint8Array(32));
  };
  const good = '7K3M-Q9TV-2HXD-8RWN-5BZC-1GJF-6PYE-4SAK-0MQT-9VHX-3DWR-8NBZ-2CGJ-5FYP';

  it('accepts a code that checks out, and says in words what is wrong with one that does not', async () => {
    expect(await checkRecoveryCode(good, parser)).toEqual({ ok: true, checked: true });
    const problems = await Promise.all(
      [good.slice(0, -5), good.replace('7K3M', '7K3N'), `${good.slice(0, 9)}!${good.slice(10)}`, ' - '].map((text) =>
        checkRecoveryCode(text, parser),
      ),
    );
    expect(problems.map((check) => (check.ok ? 'ok' : check.problem))).toEqual([
      'length',
      'checksum',
      'character',
      'empty',
    ]);
    const words = problems.map((check) => (check.ok ? '' : describeRecoveryCodeProblem(check)));
    expect(words[0]).toBe('A recovery code has 56 letters and digits; this has 52. Check that every group is there.');
    expect(words[1]).toContain('typo');
    expect(words[2]).toContain('“!”');
    for (const text of words) expect(text).not.toMatch(JARGON);
  });

  it('lets any other failure of the parser through (it is not a typo)', async () => {
    await expect(checkRecoveryCode(good, () => Promise.reject(new Error('chunk failed')))).rejects.toThrow(
      'chunk failed',
    );
  });
});

describe('syncServerOrigin', () => {
  const answering =
    (status: number, body: string): typeof fetch =>
    () =>
      Promise.resolve(new Response(body, { status }));

  it('suggests the page’s origin only when a sync server serves the app', async () => {
    const origin = 'https://bank.example.org';
    expect(await syncServerOrigin(origin, { fetch: answering(200, '{"status":"ok"}') })).toBe(origin);
    expect(await syncServerOrigin(origin, { fetch: answering(200, '<!doctype html><title>app</title>') })).toBe(
      undefined,
    );
    expect(await syncServerOrigin(origin, { fetch: answering(404, '{"status":"ok"}') })).toBeUndefined();
    expect(await syncServerOrigin(origin, { fetch: () => Promise.reject(new TypeError('offline')) })).toBeUndefined();
  });
});

describe('Route › Settings → Sync', () => {
  it('has an address of its own, which the header’s sync state links to', () => {
    expect(parseRoute('#/settings/sync')).toEqual({ screen: 'settings', section: 'sync' });
    expect(routeHref({ screen: 'settings', section: 'sync' })).toBe('#/settings/sync');
    expect(parseRoute('#/settings/elsewhere')).toEqual({ screen: 'settings' });
  });
});
