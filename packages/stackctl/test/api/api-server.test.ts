// The API on a real Unix socket: 0600 file, client round trips, live socket refused, stale socket replaced, file removed on close.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/api-client.js';
import type { ApiHost } from '../../src/api/api-host.js';
import { startApiServer, type ApiServer } from '../../src/api/api-server.js';
import { StackctlError } from '../../src/errors/index.js';
import type { OutputLine } from '../../src/supervisor/types.js';
import { demoHost } from './api-test-host.js';

let dir: string;
let socketPath: string;
const servers: ApiServer[] = [];

async function serve(host: ApiHost = demoHost()): Promise<ApiServer> {
  const server = await startApiServer({ host, socketPath });
  servers.push(server);
  return server;
}

async function rejection(promise: Promise<unknown>): Promise<StackctlError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof StackctlError)) throw new Error(`expected a StackctlError, got ${String(error)}`);
  return error;
}

/** Leaves what a crashed host leaves: a child binds the socket and is SIGKILLed, so nobody removes the file. */
async function leaveStaleSocket(file: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(file)}, () => console.log('ready'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`socket child exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sc-api-'));
  socketPath = path.join(dir, 'daemon.sock');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('startApiServer', () => {
  it('creates the socket file with mode 0600', async () => {
    await serve();
    const stats = await stat(socketPath);
    expect(stats.isSocket()).toBe(true);
    expect(stats.mode & 0o777).toBe(0o600);
  });

  it('round-trips every client call', async () => {
    const host = demoHost({
      async *readLogs(service) {
        for (let n = 1; n <= 3; n++) yield { service, stream: 'stdout', line: `hello ${n}`, time: n } satisfies OutputLine;
      },
    });
    await serve(host);
    const client = createApiClient(socketPath);
    expect(await client.health()).toMatchObject({ ok: true, pid: process.pid, project: 'demo' });
    expect((await client.services()).services.map((entry) => entry.name)).toEqual(['db', 'api', 'web']);
    expect(await client.service('api')).toMatchObject({ name: 'api', origin: 'managed', cpu_percent: null });
    expect((await client.start(['web'])).outcome).toEqual({ started: ['web'], failed: [] });
    expect((await client.stop()).services.every((entry) => entry.state === 'stopped')).toBe(true);
    expect((await client.restart(['api'])).outcome?.started).toEqual(['api']);
    expect(host.engine.calls.map((entry) => entry.method)).toEqual(['start', 'stop', 'restart']);
    host.engine.emit({ type: 'warning', service: 'api', time: 1, message: 'hi' });
    expect(await client.events()).toEqual([{ type: 'warning', service: 'api', time: 1, message: 'hi' }]);
    expect(await client.config()).toMatchObject({ name: 'demo' });
    const lines: string[] = [];
    for await (const entry of client.logs('api', { lines: 3 })) lines.push(entry.line);
    expect(lines).toEqual(['hello 1', 'hello 2', 'hello 3']);
  });

  it('turns error answers into StackctlErrors with the server code and message', async () => {
    await serve();
    const client = createApiClient(socketPath);
    const unknown = await rejection(client.service('nope'));
    expect([unknown.code, unknown.message]).toEqual(['E_SERVICE_UNKNOWN', 'unknown service "nope"']);
    expect(unknown.hint).toBe('known services: db, api, web');
    const noLogs = await rejection((async () => {
      for await (const _ of client.logs('api')) break;
    })());
    expect(noLogs.code).toBe('E_INTERNAL');
    expect(noLogs.message).toContain('E_NOT_IMPLEMENTED');
  });

  it('follows logs until the client stops, and close() ends a follow stream', async () => {
    let readerStopped = false;
    const host = demoHost({
      async *readLogs(service, { signal }) {
        for (let n = 1; !signal.aborted; n++) {
          yield { service, stream: 'stdout', line: `tick ${n}`, time: n } satisfies OutputLine;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        readerStopped = true;
      },
    });
    const server = await serve(host);
    const client = createApiClient(socketPath);

    const seen: string[] = [];
    for await (const entry of client.logs('api', { follow: true })) {
      seen.push(entry.line);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['tick 1', 'tick 2', 'tick 3']);

    const tail: string[] = [];
    const following = (async () => {
      for await (const entry of client.logs('api', { follow: true })) tail.push(entry.line);
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    await following; // the stream ended cleanly when the server closed
    expect(tail.length).toBeGreaterThan(0);
    expect(readerStopped).toBe(true);
  });

  it('answers 413 over the socket for a body over 1 MB, declared or chunked', async () => {
    await serve();
    const post = (chunked: boolean): Promise<{ status: number | undefined; body: string }> =>
      new Promise((resolve, reject) => {
        const payload = Buffer.alloc(2 * 1024 * 1024, 'x');
        const req = http.request({
          socketPath,
          method: 'POST',
          path: '/api/services/start',
          agent: false,
          headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': payload.length }) },
        });
        req.once('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.once('end', () => resolve({ status: res.statusCode, body }));
        });
        req.once('error', reject);
        req.end(payload);
      });
    for (const chunked of [false, true]) {
      const answer = await post(chunked);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'E_PAYLOAD_TOO_LARGE' } });
    }
  });

  it('ends a followed log quietly when the caller aborts', async () => {
    await serve(
      demoHost({
        async *readLogs(service, { signal }) {
          for (let n = 1; !signal.aborted; n++) {
            yield { service, stream: 'stderr', line: `n${n}`, time: n } satisfies OutputLine;
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        },
      }),
    );
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const entry of createApiClient(socketPath).logs('db', { follow: true, signal: controller.signal })) {
      seen.push(entry.line);
      if (seen.length === 2) controller.abort();
    }
    expect(seen.slice(0, 2)).toEqual(['n1', 'n2']);
  });

  it('refuses to start a second server on a live socket', async () => {
    await serve();
    const error = await rejection(startApiServer({ host: demoHost(), socketPath }));
    expect(error.message).toContain('another stackctl is already serving project "demo"');
    expect(error.code).toBe('E_ALREADY_RUNNING');
    expect((await createApiClient(socketPath).health()).ok).toBe(true);
  });

  it('replaces a stale socket file nobody listens on', async () => {
    await leaveStaleSocket(socketPath);
    expect((await stat(socketPath)).isSocket()).toBe(true);
    await serve();
    expect((await createApiClient(socketPath).health()).project).toBe('demo');
  });

  it('refuses a path that holds a regular file', async () => {
    await writeFile(socketPath, 'not a socket');
    const error = await rejection(startApiServer({ host: demoHost(), socketPath }));
    expect(error.message).toContain('is not a socket');
  });

  it('removes the socket file on close, and close is idempotent', async () => {
    const server = await serve();
    await server.close();
    await server.close();
    await expect(stat(socketPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('createApiClient', () => {
  it('answers E_DAEMON_UNREACHABLE with a hint for a missing socket', async () => {
    const error = await rejection(createApiClient(socketPath).services());
    expect(error.code).toBe('E_DAEMON_UNREACHABLE');
    expect(error.hint).toContain('stackctl up');
  });

  it('answers E_DAEMON_UNREACHABLE for a stale socket nobody listens on', async () => {
    await leaveStaleSocket(socketPath);
    expect((await rejection(createApiClient(socketPath).health())).code).toBe('E_DAEMON_UNREACHABLE');
  });

  it('times out with E_DAEMON_UNREACHABLE when the host does not answer', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    try {
      const error = await rejection(createApiClient(socketPath, { timeoutMs: 100 }).health());
      expect(error.code).toBe('E_DAEMON_UNREACHABLE');
      expect(error.message).toContain('did not answer within 100ms');
    } finally {
      silent.close();
    }
  });
});
