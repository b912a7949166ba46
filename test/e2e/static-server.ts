import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** A tiny static server for a built app on 127.0.0.1: its folder can be swapped (a new release), and it can stop. */
export interface StaticServer {
  readonly origin: string;
  /** Serves another folder from now on, on the same origin. */
  serve(root: string): void;
  /** Stops answering (the port closes), as a server that went down. */
  stop(): Promise<void>;
  /** Answers again on the same port. */
  start(): Promise<void>;
}

/** Starts serving `root` on a free port of 127.0.0.1. Unknown paths get index.html (the app's own routing). */
export async function startStaticServer(root: string): Promise<StaticServer> {
  let current = root;
  let server: Server = listen();
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  function listen(onPort = 0): Server {
    const created = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      let file = normalize(join(current, path));
      if (!file.startsWith(current) || !existsSync(file) || statSync(file).isDirectory()) {
        file = join(current, 'index.html');
      }
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      createReadStream(file).pipe(response);
    });
    created.keepAliveTimeout = 100;
    created.listen(onPort, '127.0.0.1');
    return created;
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    serve(next) {
      current = next;
    },
    stop() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
    async start() {
      server = listen(port);
      await new Promise<void>((resolve) => server.once('listening', resolve));
    },
  };
}
