// The host around an engine (daemon and `up`): socket 0600, log files flushed before start answers, restart with dependents.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/index.js';
import { createEngineHost, type EngineHost } from '../../src/daemon/engine-host.js';
import { ensureDaemonDirs } from '../../src/daemon/daemon-paths.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { StartOutcome } from '../../src/supervisor/engine-handle.js';
import type { OutputBatch } from '../../src/supervisor/types.js';
import { FakeEngine, serviceStatus } from '../api/fake-engine.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

/** A fake engine whose start prints a line just before it resolves, as a crashing service would. */
class PrintingEngine extends FakeEngine {
  readonly #output = new Set<(batch: OutputBatch) => void>();

  override onOutputBatch(listener: (batch: OutputBatch) => void): () => void {
    this.#output.add(listener);
    return () => this.#output.delete(listener);
  }

  override async start(names: readonly string[] = []): Promise<StartOutcome> {
    const outcome = await super.start(names);
    for (const listener of this.#output) listener({ service: 'db', stream: 'stderr', lines: ['last words'], time: Date.now() });
    return outcome;
  }
}

const roots: string[] = [];
const hosts: EngineHost[] = [];

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function setup() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stackctl-host-'));
  roots.push(root);
  const config = makeConfig(
    makeService({ name: 'db', env: { DB_PASSWORD: 'hunter2', MODE: 'dev' } }),
    makeService({ name: 'api', dependsOn: { db: 'started' } }),
    makeService({ name: 'web', dependsOn: { api: 'started' } }),
    makeService({ name: 'docs' }),
  );
  const engine = new PrintingEngine(['db', 'api', 'web', 'docs'].map((name) => serviceStatus(name, { state: 'running', pid: 100 })));
  const paths = ensureDaemonDirs(root);
  const host = createEngineHost({ config, engine, paths, logger: silentLogger, processTable: null });
  hosts.push(host);
  await host.serve();
  return { engine, paths, client: createApiClient(paths.socket) };
}

describe('createEngineHost', () => {
  it('serves the API on .stackctl/daemon.sock with mode 0600', async () => {
    const { paths, client } = await setup();
    expect(statSync(paths.socket).mode & 0o777).toBe(0o600);
    expect(await client.health()).toMatchObject({ ok: true, pid: process.pid, project: 'test' });
  });

  it('answers a start only once the lines printed so far are in the log files', async () => {
    const { paths, client } = await setup();
    await client.start(['db']);
    expect(readFileSync(path.join(paths.logsDir, 'db.log'), 'utf8')).toMatch(/Z err last words\n$/);
  });

  it('serves a service’s log lines from its file (the readers load on the first request)', async () => {
    const { client } = await setup();
    await client.start(['db']);
    const lines: string[] = [];
    for await (const line of client.logs('db', { lines: 10 })) lines.push(`${line.stream} ${line.line}`);
    expect(lines).toEqual(['stderr last words']);
  });

  it('restarts the named services alone, or with everything depending on them', async () => {
    const { engine, client } = await setup();
    await client.restart(['db']);
    await client.restart(['db'], { withDependents: true });
    expect(engine.calls.filter((call) => call.method === 'restart').map((call) => call.names)).toEqual([['db'], ['db', 'api', 'web']]);
  });

  it('masks secrets in GET /api/config', async () => {
    const { client } = await setup();
    const summary = (await client.config()) as { services: Record<string, { env: Record<string, string> }> };
    expect(summary.services.db?.env).toMatchObject({ DB_PASSWORD: '***', MODE: 'dev' });
  });
});
