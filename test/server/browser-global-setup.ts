import type { TestProject } from 'vitest/node';
import { openPgliteClient, SqlRequestStorage, SqlSyncStorage } from '../../server';
import { startTestServer } from './fixtures/test-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A sync server for tests in Chromium: its address and vault tokens, one per test that needs a vault. */
    syncServer: { url: string; tokens: string[] };
  }
}

/** How many vaults the browser tests may use; each test takes its own. */
const VAULTS = 8;

/** Starts a sync server on in-memory PGlite for the `browser` project, and stops it at the end of the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sql = await openPgliteClient();
  const server = await startTestServer({
    storage: await SqlSyncStorage.open(sql),
    requests: await SqlRequestStorage.open(sql),
  });
  const tokens: string[] = [];
  for (let index = 0; index < VAULTS; index++) tokens.push(await server.vault());
  project.provide('syncServer', { url: server.url, tokens });
  return async () => {
    await server.close();
    await server.closeStorage();
  };
}
