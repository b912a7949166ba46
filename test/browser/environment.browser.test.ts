import { describe, expect, it } from 'vitest';

describe('Browser test environment', () => {
  describe('when Vitest runs a *.browser.test.ts file', () => {
    it('provides the real IndexedDB of the browser, not a stand-in', () => {
      expect(Object.prototype.toString.call(indexedDB)).toBe('[object IDBFactory]');
    });

    it('runs in Chromium', () => {
      expect(navigator.userAgent).toContain('Chrome/');
    });
  });
});
