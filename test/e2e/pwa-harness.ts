import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/chromium-args.mjs';
import { pwaBuild } from './pwa-build';
import { startStaticServer, type StaticServer } from './static-server';

/** Where the end-to-end tests write their screenshots (kept as test artifacts). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** The built PWA served on 127.0.0.1, and a way to open Chromium profiles on it. */
export interface PwaHarness {
  readonly server: StaticServer;
  readonly url: (hash?: string) => string;
  /**
   * A new persistent Chromium profile (installability and Web Locks need one: Chromium counts a non-persistent context
   * as incognito).
   */
  openProfile(options?: { width?: number; height?: number; colorScheme?: 'light' | 'dark' }): Promise<Profile>;
  close(): Promise<void>;
}

/** One Chromium profile: its context and its first page. */
export interface Profile {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly directory: string;
  close(): Promise<void>;
}

/** Builds the app (once, cached) and serves it. */
export async function startPwaHarness(): Promise<PwaHarness> {
  const server = await startStaticServer(await pwaBuild());
  const profiles = new Set<Profile>();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    server,
    url: (hash = '') => `${server.origin}/${hash === '' ? '' : hash}`,
    async openProfile({ width = 1280, height = 800, colorScheme = 'light' } = {}) {
      const directory = mkdtempSync(join(tmpdir(), 'pwa-profile-'));
      const context = await chromium.launchPersistentContext(directory, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS],
        viewport: { width, height },
        colorScheme,
        locale: 'en-US',
        acceptDownloads: true,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const profile: Profile = {
        context,
        page,
        directory,
        async close() {
          profiles.delete(profile);
          await context.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
      profiles.add(profile);
      return profile;
    },
    async close() {
      await Promise.all([...profiles].map((profile) => profile.close()));
      await server.stop().catch(() => undefined);
    },
  };
}

/** Opens the app and waits until it shows a screen and the service worker controls the page. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('main h1').first().waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * Writes a full-page screenshot of what `page` shows at small-phone (320×640), phone (390×844) and desktop (1280×800)
 * width, as `small-phone-<name>.png`, `phone-<name>.png` and `desktop-<name>.png`, and leaves the page at desktop
 * width.
 */
export async function shootScreens(page: Page, name: string): Promise<void> {
  for (const [device, width, height] of [
    ['small-phone', 320, 640],
    ['phone', 390, 844],
    ['desktop', 1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    // From the top: a full-page screenshot of a scrolled page draws the sticky header half-way down.
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    await page.waitForTimeout(50);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${device}-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
