// Checks that a TCP port can be bound, by binding it for a moment (before starting a service).
import { createServer } from 'node:net';
import { StackctlError } from '../../errors/index.js';

/**
 * True when `port` can be bound on `host` right now. Without a host it binds the unspecified
 * address (`::`, dual-stack, else `0.0.0.0`), which collides with a listener on any address —
 * the strictest check. False on EADDRINUSE and EACCES (a privileged port); any other failure
 * (such as EADDRNOTAVAIL for a host that is not local) is an E_INTERNAL error.
 * The answer can change the next instant: the service's own bind is the final word.
 */
export function isPortFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        resolve(false);
        return;
      }
      const where = host === undefined ? `port ${port}` : `${host}:${port}`;
      const reason = error.code ?? error.message;
      reject(new StackctlError('E_INTERNAL', `cannot check whether ${where} is free: ${reason}`, { cause: error }));
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}
