// Serves the API on the project's Unix socket (`.stackctl/daemon.sock`, 0600) for the CLI.
import http from 'node:http';
import type { ApiAppOptions } from './api-app.js';
import { createApiHandler } from './api-handler.js';
import type { ApiHost } from './api-host.js';
import { claimSocketPath, inodeOf, listenPrivately, removeSocketFile } from './socket-file.js';

export interface ApiServerOptions extends ApiAppOptions {
  readonly host: ApiHost;
  readonly socketPath: string;
}

export interface ApiServer {
  readonly socketPath: string;
  /** Ends open streams, waits for running requests, removes the socket file. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Throws StackctlError E_ALREADY_RUNNING when another process answers on the socket; a stale socket
 * file (nobody listening) is replaced.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { host, socketPath } = options;
  await claimSocketPath(socketPath, host.project);
  const handler = createApiHandler(host, options);
  const server = http.createServer(handler);
  try {
    await listenPrivately(server, socketPath, host.project);
  } catch (error) {
    handler.close();
    throw error;
  }
  server.on('error', (error) => host.onUnexpectedError?.(error));
  const inode = await inodeOf(socketPath);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    handler.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await removeSocketFile(socketPath, inode);
  };
  return {
    socketPath,
    close: () => (closing ??= close()),
  };
}
