// The built PWA served on a static server and a headless Chromium on a fresh persistent profile (so that its service
// worker and IndexedDB are kept across reloads): what the PWA and history benchmarks open their app in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startStaticServer } from '../../test/e2e/static-server';

export interface BrowserOptions {
  readonly executablePath: string;
  readonly args: readonly string[];
}

/** A running app browser: its page, the address of a path of the build, and how to close everything. */
export interface AppBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The profile's directory (deleted on close): a place for files the run writes. */
  readonly profile: string;
  /** `path` (a file of the build, or `#/…` for a route) on the static server's origin. */
  readonly url: (path?: string) => string;
  /** Closes the browser, stops the server and deletes the profile. */
  readonly close: () => Promise<void>;
}

/** Serves `outDir` and opens Chromium on a new profile of `profilePrefix` (in the system's temporary directory). */
export async function openAppBrowser(
  outDir: string,
  browser: BrowserOptions,
  options: { readonly profilePrefix: string; readonly timeoutMs: number; readonly log: (line: string) => void },
): Promise<AppBrowser> {
  const server = await startStaticServer(outDir);
  const directory = mkdtempSync(join(tmpdir(), options.profilePrefix));
  const close = async () => {
    await server.stop().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    const context = await chromium.launchPersistentContext(directory, {
      executablePath: browser.executablePath,
      headless: true,
      args: [...browser.args],
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(options.timeoutMs);
    page.on('pageerror', (error) => options.log(`page error: ${String(error)}`));
    return {
      context,
      page,
      profile: directory,
      url: (path = '') => `${server.origin}/${path}`,
      close: async () => {
        await context.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
