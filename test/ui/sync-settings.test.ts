import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSyncSettings, readSyncSettings, SYNC_SETTINGS_KEY, writeSyncSettings } from '../../src/ui';

/** The sync settings are outside input: typed in, or read back from localStorage. Both go through the schema. */

const token = 'vault-1.c2VjcmV0';

describe('parseSyncSettings', () => {
  it('accepts an http(s) address and a token, trimmed, without a trailing slash', () => {
    expect(parseSyncSettings({ url: ' https://bank.example.org/ ', token: ` ${token} ` })).toEqual({
      ok: true,
      settings: { url: 'https://bank.example.org', token },
    });
    expect(parseSyncSettings({ url: 'http://127.0.0.1:8080', token })).toEqual({
      ok: true,
      settings: { url: 'http://127.0.0.1:8080', token },
    });
  });

  it('says what is wrong with each field', () => {
    for (const url of ['', 'bank.example.org', 'ftp://bank.example.org', 'javascript:alert(1)', 'not a url']) {
      const parsed = parseSyncSettings({ url, token });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problems.url).toContain('full address');
        expect(parsed.problems.token).toBeUndefined();
      }
    }
    const parsed = parseSyncSettings({ url: 'https://bank.example.org', token: '   ' });
    expect(parsed).toEqual({ ok: false, problems: { token: expect.stringContaining('vault token') as unknown } });
  });
});

describe('readSyncSettings and writeSyncSettings', () => {
  const items = new Map<string, string>();
  beforeEach(() => {
    items.clear();
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      value: {
        getItem: (key: string) => items.get(key) ?? null,
        setItem: (key: string, value: string) => items.set(key, value),
        removeItem: (key: string) => items.delete(key),
      },
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('keeps, reads back and forgets the settings', () => {
    expect(readSyncSettings()).toBeUndefined();
    writeSyncSettings({ url: 'https://bank.example.org', token });
    expect(readSyncSettings()).toEqual({ url: 'https://bank.example.org', token });
    writeSyncSettings(undefined);
    expect(readSyncSettings()).toBeUndefined();
  });

  it('treats whatever else is stored as sync being off', () => {
    for (const stored of ['{', 'null', '{"url":"javascript:alert(1)","token":"x"}', '{"url":"https://a.example"}']) {
      items.set(SYNC_SETTINGS_KEY, stored);
      expect(readSyncSettings()).toBeUndefined();
    }
  });
});
