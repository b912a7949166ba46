import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './fixtures/postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the PostgreSQL 15 server the `server` project's tests run against. */
    postgresUrl: string;
  }
}

/** Starts one PostgreSQL server for the whole `server` project and stops it when the run ends. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
