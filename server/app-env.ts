import type { HttpBindings } from '@hono/node-server';
import type { VaultRecord } from './sync-storage';

/**
 * The Hono environment of the app: the Node request and response (absent when the app is called without a
 * server), and what a request records for its log line: the vault it opened, how many requests it carried, and
 * the error code it was answered with.
 */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { vault: VaultRecord; requests: number; errorCode: string };
};
