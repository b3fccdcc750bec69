// End-to-end: `init --yes` then `up` on copies of two fixture project shapes: every service healthy, wired as written, Ctrl+C leaves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../helpers/free-port.js';
import { killProject, pidsOfProject, runCli, startCli, waitUntilProjectGone } from './cli-process.js';

const PROJECTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/projects');
/** The repository's node_modules (holds vite), linked into a copy so its dev server runs offline. */
const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../node_modules');

const made: Array<{ dir: string; name: string }> = [];
let counter = 0;
afterEach(() => {
  for (const project of made.splice(0)) {
    if (project.name !== '') killProject(project.name);
    fs.rmSync(project.dir, { recursive: true, force: true });
  }
});

/** A copy of the fixture in a folder whose name (the project's name) is unique to this test process, its fixed ports replaced. */
function copyFixture(shape: string, ports: Readonly<Record<string, number>>, files: readonly string[]): { dir: string; name: string } {
  counter += 1;
  const name = `e2e-${process.pid}-${counter}-${shape}`;
  const dir = path.join(fs.realpathSync(os.tmpdir()), name);
  fs.cpSync(path.join(PROJECTS, shape), dir, { recursive: true });
  made.push({ dir, name });
  for (const file of files) {
    let text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const [from, to] of Object.entries(ports)) text = text.replaceAll(from, String(to));
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { dir, name };
}

/** Whether a program is on this machine's PATH (init looks for database servers there). */
function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, program)));
}

/** A PATH with no program on it: init then finds no database server to run, whatever this machine has. */
function emptyPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-empty-path-'));
  made.push({ dir, name: '' });
  return dir;
}

async function initYes(dir: string, env?: NodeJS.ProcessEnv): Promise<{ services: Record<string, { command: string; port?: number; depends_on?: Record<string, string> }> }> {
  const init = await runCli(['init', '--yes'], { cwd: dir, ...(env === undefined ? {} : { env }) });
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  return parse(fs.readFileSync(path.join(dir, 'stackctl.yaml'), 'utf8')) as { services: Record<string, { command: string; port?: number }> };
}

describe('init → up on project shapes', () => {
  it('express + vite through concurrently: server and client come up healthy, the client proxies to the server, Ctrl+C leaves nothing', async () => {
    const [api, web] = [await freePort(), await freePort()];
    const project = copyFixture('express-vite-concurrently', { '5000': api, '5173': web }, ['server/index.js', 'client/vite.config.js']);
    // The e-mail preview needs react-email, which is not installed here: this run is about the wrapper's two servers.
    fs.rmSync(path.join(project.dir, 'emails'), { recursive: true });
    fs.symlinkSync(NODE_MODULES, path.join(project.dir, 'node_modules'));
    const config = await initYes(project.dir);
    expect(Object.keys(config.services)).toEqual(['server', 'client']);
    expect(config.services.client).toMatchObject({ command: 'npm run dev:client', port: web, depends_on: { server: 'healthy' } });
    expect(config.services.server).toMatchObject({ command: 'npm run dev:server', port: api });

    const run = startCli(['up'], { cwd: project.dir });
    await run.waitForOutput(/all 2 service\(s\) up/, 90_000);
    const proxied = await fetch(`http://127.0.0.1:${web}/api/todos`).then((response) => response.text());
    expect(proxied).toBe('{"todos":[]}');
    expect(pidsOfProject(project.name).length).toBeGreaterThanOrEqual(2);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(project.name, 15_000)).toEqual([]);
  }, 150_000);

  it('procfile app: web gets the port its code reads and a /health check, the worker runs beside it; Ctrl+C leaves nothing', async () => {
    const port = await freePort();
    const project = copyFixture('procfile-redis', { '5000': port }, ['web.js']);
    const config = await initYes(project.dir, { ...process.env, PATH: emptyPath() });
    expect(config.services.web).toMatchObject({ command: 'node web.js', port, health: { http: `http://localhost:${port}/health` } });
    expect(fs.readFileSync(path.join(project.dir, 'stackctl.yaml'), 'utf8')).toContain('need Redis (bull)');

    const run = startCli(['up'], { cwd: project.dir });
    await run.waitForOutput(/all 2 service\(s\) up/, 60_000);
    expect(run.stdout()).toMatch(/worker +\| worker ready/);
    expect(await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.text())).toBe('ok');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(project.name, 15_000)).toEqual([]);
  }, 120_000);

  it.skipIf(!onPath('redis-server'))('procfile app with redis-server installed: init runs Redis natively, the apps wait for it, all come up; Ctrl+C leaves nothing', async () => {
    const [port, redisPort] = [await freePort(), await freePort()];
    const project = copyFixture('procfile-redis', { '5000': port }, ['web.js']);
    const config = await initYes(project.dir);
    expect(config.services.redis?.command).toMatch(/redis-server --port 6379 --bind 127\.0\.0\.1 --dir \.stackctl\/data\/redis$/);
    expect(config.services.web).toMatchObject({ depends_on: { redis: 'healthy' } });
    expect(config.services.worker).toMatchObject({ depends_on: { redis: 'healthy' } });
    // Redis's own port is fixed in what init wrote: move it to a free one for this run.
    const file = path.join(project.dir, 'stackctl.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('6379', String(redisPort)));

    const run = startCli(['up'], { cwd: project.dir });
    await run.waitForOutput(/all 3 service\(s\) up/, 60_000);
    expect(run.stdout()).toMatch(/redis +◆ healthy/);
    expect(fs.existsSync(path.join(project.dir, '.stackctl', 'data', 'redis'))).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(project.name, 15_000)).toEqual([]);
  }, 120_000);
});
