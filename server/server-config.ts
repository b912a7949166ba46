import { resolve } from 'node:path';
import { z } from 'zod';

/** How the server runs, from the environment (`PORT`, `DATA_DIR`; `DATABASE_URL` for PostgreSQL). */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Where embedded PGlite keeps its files (and the server its lock), absolute. */
  readonly dataDir: string;
  /** A PostgreSQL URL: when set, the server uses that database instead of PGlite. */
  readonly databaseUrl: string | undefined;
  /** The built PWA to serve, absolute; absent when `STATIC_DIR` is empty. */
  readonly staticRoot: string | undefined;
}

const environmentSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d+$/, 'PORT must be a port number')
    .transform(Number)
    .pipe(z.int().min(0).max(65_535))
    .default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  STATIC_DIR: z.string().default('dist'),
});

/** Reads the configuration; throws an `Error` naming the bad variable. */
export function serverConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Bad environment: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  const { PORT, HOST, DATA_DIR, DATABASE_URL, STATIC_DIR } = parsed.data;
  return {
    port: PORT,
    host: HOST,
    dataDir: resolve(cwd, DATA_DIR),
    databaseUrl: DATABASE_URL,
    staticRoot: STATIC_DIR === '' ? undefined : resolve(cwd, STATIC_DIR),
  };
}
