// Flags for Debian's Chromium here: as root it needs no sandbox; no GPU; and no background traffic, because the only
// network is the package registries and Chromium's own connections are refused.
// One list for Vitest's browser mode (vite.config.ts), the benchmarks and the end-to-end tests.

/** @type {readonly string[]} */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
