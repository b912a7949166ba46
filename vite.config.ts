import { playwright } from '@vitest/browser-playwright';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS } from './scripts/chromium-args.mjs';

/**
 * One config for the app build (Vite + vite-plugin-pwa) and for the tests (Vitest).
 */

const THEME_COLOUR = '#1e3a8a';

/** The machine has 2 cores and real IndexedDB takes a millisecond or more per commit: give tests room. */
const TIMEOUT_MS = 30_000;

export default defineConfig({
  resolve: {
    // Dexie's own ES2018 build, which every browser that runs the app understands: 1.5 kB smaller gzipped than the
    // ES5 build its package entry wraps (the entry also guards against two copies, which one alias rules out).
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }],
  },
  build: {
    // Every browser that runs the app (one with service workers, Web Locks and top-level await) knows
    // <link rel="modulepreload">: the polyfill would only weigh on the first visit.
    modulePreload: { polyfill: false },
  },
  plugins: [
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // src/ui/app/service-worker-updates.ts calls registerSW() from 'virtual:pwa-register' itself.
      injectRegister: false,
      // The icons are already matched by globPatterns; including them twice duplicates precache entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Offline Bank',
        short_name: 'Bank',
        description: 'An offline-first bank that keeps your accounts on this device.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        // The splash screen of the installed app: the brand colour, dark enough for a phone in dark mode too.
        background_color: THEME_COLOUR,
        theme_color: THEME_COLOUR,
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // manifest.webmanifest is added by the plugin itself; listing it here would duplicate it.
        globPatterns: ['**/*.{js,css,html,png,svg,ico}'],
        navigateFallback: '/index.html',
        cleanupOutdatedCaches: true,
        // The first install controls the open page at once (in 'prompt' mode the first page would otherwise stay
        // uncontrolled until a reload); skipWaiting stays off for the 'prompt' flow.
        clientsClaim: true,
      },
    }),
  ],
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/browser/**',
            'test/e2e/**',
            'test/server/**',
            '**/*.browser.test.ts',
            '**/*.e2e.test.ts',
            '**/node_modules/**',
          ],
          testTimeout: TIMEOUT_MS,
          hookTimeout: TIMEOUT_MS,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          // The sync server over real HTTP on 127.0.0.1, on PGlite and on a PostgreSQL 15 that the global setup starts
          // (and stops) on a private port; server processes killed and restarted; the client against it.
          include: ['test/server/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          globalSetup: ['test/server/global-setup.ts'],
          testTimeout: TIMEOUT_MS * 4,
          hookTimeout: TIMEOUT_MS * 2,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          // Playwright drives Debian's chromium against pages served by Vite: whole apps, several tabs.
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: TIMEOUT_MS * 2,
          hookTimeout: TIMEOUT_MS * 2,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          // A sync server (in-memory PGlite) on 127.0.0.1 for the sync client's tests in Chromium.
          globalSetup: ['test/server/browser-global-setup.ts'],
          testTimeout: TIMEOUT_MS,
          hookTimeout: TIMEOUT_MS,
          // One page at a time: the files share the origin's IndexedDB and the 2 cores with the node project.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            // Debian's chromium; Playwright's own browser downloads cannot be reached here.
            provider: playwright({
              launchOptions: {
                executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
                args: [...CHROMIUM_ARGS],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
