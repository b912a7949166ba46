/**
 * `npm run vault -- create <name>`: creates a vault in the server's storage (`DATA_DIR` or `DATABASE_URL`, as the
 * server reads them) and prints its token on the last line as `token: <token>`. With PGlite the
 * server must be stopped first: one process at a time may open its directory.
 */
import { createVault } from './create-vault';
import { lockDataDir } from './data-dir-lock';
import { openStorage } from './open-storage';
import { serverConfig } from './server-config';

const USAGE = 'usage: npm run vault -- create <name>';

const [command, name, ...rest] = process.argv.slice(2);
if (command !== 'create' || name === undefined || name.trim() === '' || rest.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const config = serverConfig();
  const release = config.databaseUrl === undefined ? lockDataDir(config.dataDir, 'creating a vault') : () => undefined;
  const opened = await openStorage(config);
  try {
    const { vaultId, token } = await createVault(opened.storage, name);
    console.log(`vault: ${name} (${vaultId}) in ${config.databaseUrl === undefined ? config.dataDir : 'PostgreSQL'}`);
    console.log(`token: ${token}`);
  } finally {
    await opened.close();
    release();
  }
} catch (error) {
  console.error(`vault: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
