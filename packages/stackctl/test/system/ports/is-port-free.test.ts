// isPortFree binds for real on loopback: busy while a server holds the port, free once it closes.
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPortFree } from '../../../src/system/ports/index.js';
import { isStackctlError } from '../../../src/errors/index.js';

function listen(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      resolve({ server, port: address.port });
    });
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('isPortFree', () => {
  it('is false while a server listens on the port and true after it closes', async () => {
    const { server, port } = await listen('127.0.0.1');
    expect(await isPortFree(port, '127.0.0.1')).toBe(false);
    expect(await isPortFree(port)).toBe(false);
    await close(server);
    expect(await isPortFree(port, '127.0.0.1')).toBe(true);
  });

  it('without a host, sees a listener bound to loopback only', async () => {
    const { server, port } = await listen('127.0.0.1');
    try {
      expect(await isPortFree(port)).toBe(false);
    } finally {
      await close(server);
    }
  });

  it('fails with a StackctlError for an address that is not on this machine', async () => {
    const error: unknown = await isPortFree(4000, '203.0.113.1').catch((e: unknown) => e);
    expect(isStackctlError(error) && error.code).toBe('E_INTERNAL');
    expect(String((error as Error).message)).toContain('203.0.113.1:4000');
  });
});
