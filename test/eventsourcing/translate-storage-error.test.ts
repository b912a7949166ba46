import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, isEventSourcingError, StorageError, TrackingConflictError } from '../../src/eventsourcing';
import { translateStorageError } from '../../src/eventsourcing/translate-storage-error';

describe('translateStorageError', () => {
  const cases: [string, unknown, string][] = [
    ['a DOM QuotaExceededError', new DOMException('full', 'QuotaExceededError'), 'quota'],
    ["Dexie's QuotaExceededError", new Dexie.QuotaExceededError('full'), 'quota'],
    [
      'an AbortError caused by a full disk',
      new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError')),
      'quota',
    ],
    ["Dexie's DatabaseClosedError", new Dexie.DatabaseClosedError('closed'), 'closed'],
    [
      'a VersionError inside OpenFailedError',
      new Dexie.OpenFailedError('open', new DOMException('v', 'VersionError')),
      'closed',
    ],
    ["Dexie's MissingAPIError (no IndexedDB)", new Dexie.MissingAPIError('none'), 'unavailable'],
    [
      'a DatabaseClosedError caused by a missing IndexedDB',
      new Dexie.DatabaseClosedError(new Dexie.MissingAPIError('none')),
      'unavailable',
    ],
    ['an AbortError', new Dexie.AbortError('aborted'), 'aborted'],
    ['anything else', new TypeError('odd'), 'failed'],
  ];

  for (const [what, error, reason] of cases) {
    it(`turns ${what} into StorageError (${reason}) keeping it as cause`, () => {
      const translated = translateStorageError(error);
      expect(translated).toBeInstanceOf(StorageError);
      expect(translated).toMatchObject({ code: 'storage', reason, cause: error });
    });
  }

  it('turns a ConstraintError into ConcurrencyError', () => {
    expect(translateStorageError(new Dexie.ConstraintError('taken'))).toBeInstanceOf(ConcurrencyError);
  });

  it('passes our own errors through unchanged', () => {
    const ours = new TrackingConflictError({
      upstreamName: 'up',
      notificationId: 2,
      expectedPosition: 0,
      storedPosition: 1,
    });
    expect(translateStorageError(ours)).toBe(ours);
  });

  it('recognises our errors by code, also as plain data from another realm', () => {
    const error = new StorageError('quota', 'full');
    expect(isEventSourcingError(error)).toBe(true);
    expect(isEventSourcingError(structuredClone({ name: error.name, code: error.code }))).toBe(true);
    expect(isEventSourcingError(new Error('plain'))).toBe(false);
    expect(isEventSourcingError({ code: 'invalid-amount' })).toBe(false);
    expect(isEventSourcingError(null)).toBe(false);
  });
});
