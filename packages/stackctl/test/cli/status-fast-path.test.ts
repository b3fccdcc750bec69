// `status` without commander or the config pipeline: same output as the full command whenever a host answers, else null.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/cli/commands/status.js';
import { fastStatus, parseStatusArgs, parseStatusResponse } from '../../src/cli/status-fast-path.js';
import { findConfigUpwards, findExplicitConfig } from '../../src/config/config-files.js';
import { discoverConfig } from '../../src/config/discover.js';
import { createEngineHost, type EngineHost } from '../../src/daemon/engine-host.js';
import { ensureDaemonDirs } from '../../src/daemon/daemon-paths.js';
import { silentLogger } from '../../src/logging/logger.js';
import { FakeEngine } from '../api/fake-engine.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { serviceStatus } from '../helpers/service-status.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const roots = new TempDirs('stackctl-fast-status-');
const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  roots.removeAll();
});
const tempRoot = (): string => roots.create();

/** A project whose config names api and db, served by a host over a fake engine (api running, db stopped). */
async function servedProject(): Promise<string> {
  const root = tempRoot();
  const configFile = path.join(root, 'stackctl.yaml');
  writeFileSync(configFile, 'name: fast\nservices:\n  api: { command: node api.js, port: 4000 }\n  db: { command: node db.js }\n');
  const config = { ...makeConfig(makeService({ name: 'api', ports: [4000] }), makeService({ name: 'db' })), project: 'fast', root, configPath: configFile };
  const engine = new FakeEngine([serviceStatus('api', { state: 'running', pid: 4321, ports: [4000], startedAt: Date.now() - 65_000 }), serviceStatus('db')]);
  const host = createEngineHost({ config, engine, paths: ensureDaemonDirs(root), logger: silentLogger, processTable: null });
  hosts.push(host);
  await host.serve();
  return configFile;
}

async function capture(run: (io: { stdout: (text: string) => void; stderr: (text: string) => void; isTTY: boolean }) => Promise<number | null>) {
  let out = '';
  const code = await run({ stdout: (text) => (out += text), stderr: (text) => (out += `[stderr] ${text}`), isTTY: false });
  return { code, out };
}

/** Uptimes tick between two calls: compare the tables without them. */
const withoutUptime = (text: string): string => text.replace(/\b\d+m \d+s\b/g, 'UPTIME').replace(/"uptime_ms": \d+/g, '"uptime_ms": N');

describe('fastStatus', () => {
  it.each([
    ['the table', []],
    ['--json', ['--json']],
    ['--no-color with --debug', ['--no-color', '--debug']],
  ])('prints what the full command prints: %s', async (_, flags) => {
    const configFile = await servedProject();
    const fast = await capture((io) => fastStatus(['status', '-c', configFile, ...flags], io));
    const full = await capture((io) =>
      runStatus({ ...io, watch: false, globals: { config: configFile, json: flags.includes('--json'), debug: flags.includes('--debug'), color: !flags.includes('--no-color') } }),
    );
    expect(fast.code).toBe(0);
    expect(full.code).toBe(0);
    expect(withoutUptime(fast.out)).toBe(withoutUptime(full.out));
    expect(fast.out).toMatch(flags.includes('--json') ? /"name": "api"/ : /^NAME +STATE/);
  });

  it('leaves it to the full command when nothing answers, or no config is found', async () => {
    const root = tempRoot();
    writeFileSync(path.join(root, 'stackctl.yaml'), 'services:\n  api: { command: x }\n');
    expect(await fastStatus(['status', '-c', root], { stdout: () => {}, isTTY: false })).toBeNull();
    expect(await fastStatus(['status', '-c', path.join(root, 'nope.yaml')], { stdout: () => {}, isTTY: false })).toBeNull();
  });
});

describe('parseStatusArgs', () => {
  it('takes `status` with global options in any order', () => {
    expect(parseStatusArgs(['status'])).toEqual({ configPath: undefined, json: false, color: true });
    expect(parseStatusArgs(['--json', '-c', 'x.yaml', 'status', '--no-color', '--debug'])).toEqual({ configPath: 'x.yaml', json: true, color: false });
    expect(parseStatusArgs(['status', '--config=a/b.yml'])).toMatchObject({ configPath: 'a/b.yml' });
    expect(parseStatusArgs(['-c', 'status', 'status'])).toMatchObject({ configPath: 'status' });
  });

  it.each([[['status', '--watch']], [['status', '-w']], [['status', '--help']], [['status', 'api']], [['status', 'status']], [['--json']], [['status', '-c']], [['status', '-c', '--json']]])(
    'leaves %j to commander',
    (argv) => {
      expect(parseStatusArgs(argv)).toBeNull();
    },
  );
});

describe('parseStatusResponse', () => {
  const body = JSON.stringify({ project: 'p', services: [] });
  it('reads a 200 with the status shape', () => {
    expect(parseStatusResponse(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n${body}`)).toEqual({ project: 'p', services: [] });
  });

  it.each([
    ['an error status', `HTTP/1.1 500 Internal Server Error\r\n\r\n${body}`],
    ['a chunked body', `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`],
    ['no end of the head', 'HTTP/1.1 200 OK\r\n'],
    ['another shape', 'HTTP/1.1 200 OK\r\n\r\n{"ok":true}'],
    ['not JSON', 'HTTP/1.1 200 OK\r\n\r\n<html>'],
  ])('returns null for %s', (_, response) => {
    expect(parseStatusResponse(response)).toBeNull();
  });
});

describe('config-files', () => {
  it('finds the same file as discovery: nearest parent, name order, a folder given, the Procfile fallback', () => {
    const root = tempRoot();
    mkdirSync(path.join(root, 'a/b'), { recursive: true });
    writeFileSync(path.join(root, 'stackctl.yml'), '');
    writeFileSync(path.join(root, 'a/stackctl.json'), '{}');
    writeFileSync(path.join(root, 'a/stackctl.yaml'), '');
    writeFileSync(path.join(root, 'a/b/Procfile'), 'web: x\n');
    for (const cwd of [root, path.join(root, 'a'), path.join(root, 'a/b')]) {
      expect(findConfigUpwards(cwd)).toBe(discoverConfig({ cwd }).path);
    }
    expect(findExplicitConfig(path.join(root, 'a'))).toBe(discoverConfig({ cwd: root, configPath: 'a' }).path);
    expect(findExplicitConfig(path.join(root, 'a/b'))).toBe(path.join(root, 'a/b/Procfile'));
    expect(findExplicitConfig(path.join(root, 'missing'))).toBeNull();
  });
});
