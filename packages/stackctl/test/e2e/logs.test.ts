// End-to-end: `stackctl logs` from the files — -n, --grep, --since, -f within a second — and --json of every command.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-process.js';
import { cleanUp, cliOk, expectNothingLeft } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) cleanUp(project);
});

/** Writes log files directly (as the daemon would have), with chosen times, so filters can be checked exactly. */
function writeLog(p: TempProject, service: string, lines: ReadonlyArray<readonly [number, 'out' | 'err', string]>): void {
  mkdirSync(path.join(p.dir, '.stackctl', 'logs'), { recursive: true });
  const text = lines.map(([time, stream, line]) => `${new Date(time).toISOString()} ${stream} ${line}\n`).join('');
  writeFileSync(path.join(p.dir, '.stackctl', 'logs', `${service}.log`), text);
}

describe('stackctl logs', () => {
  it('reads the files without a daemon: merged in time order, -n, --grep, --since, --timestamps, --json', async () => {
    const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('forever.cjs')}]
  db:
    command: ["node", ${fixture('forever.cjs')}]
`);
    projects.push(p);
    expect(JSON.parse(await cliOk(p, ['--json', 'status']))).toMatchObject({ services: [{ state: 'stopped' }, { state: 'stopped' }] });
    const now = Date.now();
    const hour = 3_600_000;
    writeLog(p, 'api', [
      [now - 3 * hour, 'out', 'api booted'],
      [now - 2 * hour, 'err', 'api warning: slow'],
      [now - 60_000, 'out', 'api GET / 200'],
    ]);
    writeLog(p, 'db', [
      [now - 2.5 * hour, 'out', 'db ready'],
      [now - 30_000, 'err', 'db error: disk'],
    ]);

    expect(await cliOk(p, ['logs'])).toBe(
      ['api | api booted', 'db  | db ready', 'api ! api warning: slow', 'api | api GET / 200', 'db  ! db error: disk', ''].join('\n'),
    );
    expect(await cliOk(p, ['logs', '-n', '2'])).toBe('api | api GET / 200\ndb  ! db error: disk\n');
    expect(await cliOk(p, ['logs', 'db'])).toBe('db | db ready\ndb ! db error: disk\n');
    expect(await cliOk(p, ['logs', '--grep', 'warn|error'])).toBe('api ! api warning: slow\ndb  ! db error: disk\n');
    expect(await cliOk(p, ['logs', '--since', '10m'])).toBe('api | api GET / 200\ndb  ! db error: disk\n');
    expect(await cliOk(p, ['logs', '--timestamps', '-n', '1'])).toMatch(/^\d\d:\d\d:\d\d\.\d{3} db {2}! db error: disk\n$/);
    const json = (await cliOk(p, ['--json', 'logs', 'api'])).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(json).toEqual([
      { kind: 'output', service: 'api', stream: 'stdout', line: 'api booted', time: now - 3 * hour },
      { kind: 'output', service: 'api', stream: 'stderr', line: 'api warning: slow', time: now - 2 * hour },
      { kind: 'output', service: 'api', stream: 'stdout', line: 'api GET / 200', time: now - 60_000 },
    ]);

    const bad = await runCli(['logs', '--since', 'yesterday'], { cwd: p.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[E_USAGE\]: invalid --since "yesterday"\nhint: /);
    const badGrep = await runCli(['logs', '--grep', '('], { cwd: p.dir });
    expect(badGrep.code).toBe(2);
    expect(badGrep.stderr).toMatch(/^error\[E_USAGE\]: invalid --grep pattern/);
    await expectNothingLeft(p);
  });

  it('-f shows a new line within a second and stops on Ctrl+C', async () => {
    const p = createTempProject(`services:
  echo:
    command: ["node", "-e", "process.stdin.resume(); let n = 0; setInterval(() => {}, 1000); process.on('SIGUSR2', () => console.log('poke ' + ++n)); console.log('ready')"]
`);
    projects.push(p);
    await cliOk(p, ['start']);
    const follow = startCli(['logs', '-f', 'echo'], { cwd: p.dir });
    await follow.waitForOutput('echo | ready\n');
    const [service] = (JSON.parse(await cliOk(p, ['--json', 'status'])) as { services: Array<{ pid: number }> }).services;
    for (let poke = 1; poke <= 3; poke++) {
      const sentAt = Date.now();
      process.kill(service?.pid ?? 0, 'SIGUSR2');
      await follow.waitForOutput(`echo | poke ${poke}\n`, 5000);
      expect(Date.now() - sentAt).toBeLessThan(1000);
    }
    follow.child.kill('SIGINT');
    expect(await follow.exited).toBe(0);
    expect(follow.stdout().match(/poke \d/g)).toEqual(['poke 1', 'poke 2', 'poke 3']);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('answers --json with a parseable document on every command', async () => {
    const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('forever.cjs')}]
`);
    projects.push(p);
    const parse = async (args: string[]): Promise<Record<string, unknown>> => JSON.parse(await cliOk(p, ['--json', ...args])) as Record<string, unknown>;
    expect(await parse(['daemon', 'status'])).toMatchObject({ running: false, host: 'none', pid: null });
    expect(await parse(['start'])).toMatchObject({ project: p.name, started: ['api'], failed: [] });
    expect(await parse(['start', '--no-wait'])).toMatchObject({ project: p.name, services: [{ name: 'api', state: 'running' }] });
    expect(await parse(['status'])).toMatchObject({ project: p.name, services: [{ name: 'api', state: 'running' }] });
    expect(await parse(['restart'])).toMatchObject({ started: ['api'], failed: [] });
    expect(await parse(['daemon', 'status'])).toMatchObject({ running: true, host: 'daemon', pid: expect.any(Number) });
    const logs = (await cliOk(p, ['--json', 'logs'])).trimEnd().split('\n');
    for (const line of logs) expect(JSON.parse(line)).toMatchObject({ kind: 'output', service: 'api' });
    expect(await parse(['daemon', 'stop'])).toMatchObject({ stopped: true, pid: expect.any(Number) });
    expect(await parse(['stop'])).toMatchObject({ daemon: 'none', stopped: [{ service: 'api', outcome: 'stopped' }] });
    expect(await parse(['stop'])).toMatchObject({ daemon: 'none', stopped: [] });
    await expectNothingLeft(p);
  });
});
