// Integration tests of the TCP health check against a real listener on loopback.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTcpChecker } from '../../src/health/tcp-check.js';
import { freePort } from '../helpers/free-port.js';

const checker = createTcpChecker();
const context = (signal = AbortSignal.timeout(5_000)) => ({ cwd: '/', env: {}, signal });

describe('tcp check', () => {
  it('is healthy when the port accepts a connection', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await checker.check({ kind: 'tcp', host: '127.0.0.1', port }, context())).toEqual({
        ok: true,
        detail: `connected to 127.0.0.1:${port}`,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is unhealthy when nothing listens', async () => {
    const port = await freePort();
    const result = await checker.check({ kind: 'tcp', host: '127.0.0.1', port }, context());
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('settles at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('timed out after 5ms'));
    const port = await freePort();
    expect(await checker.check({ kind: 'tcp', host: '127.0.0.1', port }, context(controller.signal))).toEqual({
      ok: false,
      detail: 'timed out after 5ms',
    });
  });
});
