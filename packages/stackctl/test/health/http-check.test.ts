// Integration tests of the HTTP health check against a real server on loopback.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpChecker, isHealthyStatus } from '../../src/health/http-check.js';
import { freePort } from '../helpers/free-port.js';

const checker = createHttpChecker();
let server: http.Server;
let base = '';

let lastHeaders: http.IncomingHttpHeaders = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    lastHeaders = req.headers;
    if (req.url === '/slow') return; // never answers
    if (req.url === '/spa') {
      // As Vite's dev server before 6 routed its HTML fallback: only for a client that accepts HTML or anything.
      const accept = req.headers.accept ?? '';
      res.writeHead(accept.includes('text/html') || accept.includes('*/*') ? 200 : 404);
      res.end();
      return;
    }
    const status = Number(req.url?.slice(1) ?? 200);
    res.writeHead(status, status === 302 ? { location: '/500' } : {});
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function check(path: string, expectStatus: number[] = [], signal = AbortSignal.timeout(5_000)) {
  return checker.check({ kind: 'http', url: `${base}${path}`, expectStatus }, { cwd: '/', env: {}, signal });
}

describe('http check', () => {
  it('is healthy on 2xx and 3xx, without following redirects', async () => {
    expect(await check('/200')).toEqual({ ok: true, detail: 'HTTP 200' });
    expect(await check('/204')).toEqual({ ok: true, detail: 'HTTP 204' });
    expect(await check('/302')).toEqual({ ok: true, detail: 'HTTP 302' });
  });

  it('sends Accept: */* and User-Agent: stackctl/<version>, as a browser or curl sends headers', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await check('/200')).toMatchObject({ ok: true });
    expect(lastHeaders).toMatchObject({ accept: '*/*', 'user-agent': `stackctl/${version}` });
    expect(await check('/spa')).toEqual({ ok: true, detail: 'HTTP 200' });
  });

  it('is unhealthy on 4xx and 5xx', async () => {
    expect(await check('/503')).toEqual({ ok: false, detail: 'HTTP 503' });
    expect(await check('/404')).toEqual({ ok: false, detail: 'HTTP 404' });
  });

  it('honours expected statuses', async () => {
    expect(await check('/404', [404])).toMatchObject({ ok: true });
    expect(await check('/200', [204])).toMatchObject({ ok: false });
    expect(isHealthyStatus(399, [])).toBe(true);
  });

  it('fails on a refused connection', async () => {
    const port = await freePort();
    const result = await checker.check(
      { kind: 'http', url: `http://127.0.0.1:${port}/`, expectStatus: [] },
      { cwd: '/', env: {}, signal: AbortSignal.timeout(5_000) },
    );
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('fails with the abort reason when the server does not answer in time', async () => {
    const controller = new AbortController();
    const pending = check('/slow', [], controller.signal);
    setTimeout(() => controller.abort(new Error('timed out after 100ms')), 100);
    expect(await pending).toEqual({ ok: false, detail: 'timed out after 100ms' });
  });

  it('fails on an invalid URL', async () => {
    const result = await checker.check(
      { kind: 'http', url: 'not a url', expectStatus: [] },
      { cwd: '/', env: {}, signal: AbortSignal.timeout(1000) },
    );
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(/invalid URL/) });
  });
});
