// End-to-end: `--separate-terminals` with real tmux on a private server (inside and outside tmux), VS Code tasks, and no terminal at all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { quotePosix } from '../../src/terminals/index.js';
import { CLI_PATH, runCli, startCli, waitUntilProjectGone } from './cli-process.js';
import { cleanUp, daemonPids, eventually, expectNothingLeft, statusJson } from './daemon-helpers.js';
import { hasTmux, neutralEnv, PrivateTmux } from './tmux-server.js';
import { hasScript, startCliInPty, type PtyRun } from './pty-process.js';
import { fixture, TempProjects, type TempProject } from './temp-project.js';
import { expectPidsGone, killSurvivors } from '../helpers/pids.js';

const projects = new TempProjects(cleanUp);
const servers: PrivateTmux[] = [];
const ptys: PtyRun[] = [];

/** db, and api depending on it: each prints "<name> is up FORCE_COLOR=…" once and stays alive. */
function project(): TempProject {
  const node = JSON.stringify(process.execPath);
  return projects.create(`services:
  db:
    command: [${node}, ${fixture('tagged-forever.cjs')}, "db"]
    stop_timeout: 2s
  api:
    command: [${node}, ${fixture('tagged-forever.cjs')}, "api"]
    depends_on: [db]
    stop_timeout: 2s
`);
}

function tmuxServer(): PrivateTmux {
  const server = new PrivateTmux();
  servers.push(server);
  return server;
}

/**
 * Runs `stackctl up --separate-terminals` in `p` as the first pane of a new session `main` on
 * `tmux` (so inside tmux), and returns that pane; it prints "up exited with <code>" when up ends.
 */
function upInTmux(tmux: PrivateTmux, p: TempProject): string {
  const up = [process.execPath, CLI_PATH, 'up', '--separate-terminals'].map(quotePosix).join(' ');
  const pane = tmux.run('new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', '-c', p.dir, '-P', '-F', '#{pane_id}', `${up}; echo "up exited with $?"; exec sleep 600`).trim();
  tmux.serverPid();
  return pane;
}

const statePath = (p: TempProject): string => path.join(p.dir, '.stackctl', 'terminals.json');

function windowsOf(p: TempProject): Record<string, string> {
  return (JSON.parse(readFileSync(statePath(p), 'utf8')) as { tmux: { windows: Record<string, string> } }).tmux.windows;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const pty of ptys.splice(0)) killSurvivors([pty.child.pid ?? 0]);
  for (const cleanup of cleanups.splice(0)) await cleanup();
  projects.cleanUpAll();
  for (const server of servers.splice(0)) await server.kill();
});

describe.runIf(hasTmux)('--separate-terminals with tmux (private server)', () => {
  it('up inside tmux: a window per service showing its coloured output, events only in up, status managed; stop closes the windows and ends everything', async () => {
    const p = project();
    const tmux = tmuxServer();
    const upPane = upInTmux(tmux, p);

    const windows = await eventually(() => tmux.windows().filter((each) => each.name === 'db' || each.name === 'api'), (found) => found.length === 2, 'a window per service', 20_000);
    expect(windows.map((each) => each.session)).toEqual(['main', 'main']);
    // The windows show up in tmux a moment before terminals.json records them.
    const recorded = await eventually(() => (existsSync(statePath(p)) ? windowsOf(p) : {}), (found) => Object.keys(found).length === 2, 'terminals.json to record both windows');
    expect(recorded).toEqual(Object.fromEntries(windows.map((each) => [each.name, each.id])));
    for (const { id, name } of windows) {
      await eventually(() => tmux.capture(id), (text) => text.includes(`${name} | ${name} is up FORCE_COLOR=1`), `${name}'s output in its window`);
      // The service's own colour reaches the tab unchanged.
      expect(tmux.capture(id, { escapes: true })).toMatch(new RegExp(`\\u001b\\[32m${name} is up`));
    }
    await eventually(() => tmux.capture(upPane), (text) => text.includes('all 2 service(s) up'), 'up to report the stack up');
    const upScreen = tmux.capture(upPane);
    expect(upScreen).toContain('separate terminals: tmux, inside tmux (TMUX is set)');
    expect(upScreen).toContain('tmux: a window per service in the current tmux session (db, api)');
    expect(upScreen).toMatch(/db\s+◆ started \(pid \d+\)/);
    expect(upScreen).not.toContain('db | ');

    const status = await statusJson(p);
    expect(status.services.map(({ name, state, origin, attached }) => ({ name, state, origin, attached }))).toEqual([
      { name: 'db', state: 'running', origin: 'managed', attached: false },
      { name: 'api', state: 'running', origin: 'managed', attached: false },
    ]);
    const viewers = windows.map((each) => each.panePid);

    const { code } = await runCli(['stop'], { cwd: p.dir, env: neutralEnv() });
    expect(code).toBe(0);
    await eventually(() => tmux.capture(upPane), (text) => text.includes('up exited with 0'), 'up to end once every service stopped');
    expect(tmux.windows().map((each) => each.name)).not.toContain('db');
    expect(tmux.windows()).toHaveLength(1);
    expect(existsSync(statePath(p))).toBe(false);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
    await expectPidsGone(viewers);
    await tmux.kill();
  });

  it('up inside tmux: closing a tab leaves its service running; Ctrl+C in up stops everything and closes the windows it opened', async () => {
    const p = project();
    const tmux = tmuxServer();
    const upPane = upInTmux(tmux, p);
    await eventually(() => tmux.capture(upPane), (text) => text.includes('all 2 service(s) up'), 'up to report the stack up', 20_000);
    const windows = tmux.windows().filter((each) => each.name === 'db' || each.name === 'api');
    expect(windows.map((each) => each.name)).toEqual(['db', 'api']);
    const db = windows[0];
    tmux.run('kill-window', '-t', db?.id ?? '');
    await expectPidsGone([db?.panePid ?? 0]);
    const status = await statusJson(p);
    expect(status.services.map((service) => service.state)).toEqual(['running', 'running']);

    tmux.run('send-keys', '-t', upPane, 'C-c');
    await eventually(() => tmux.capture(upPane), (text) => text.includes('up exited with 0'), 'up to stop on Ctrl+C');
    const screen = tmux.capture(upPane);
    expect(screen).toContain('Ctrl+C: stopping all services');
    expect(screen).toContain(`tmux window ${db?.id ?? ''} (db) was already closed`);
    expect(screen).toContain(`closed tmux window ${windows[1]?.id ?? ''} (api)`);
    expect(tmux.windows()).toHaveLength(1);
    expect(existsSync(statePath(p))).toBe(false);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
    await tmux.kill();
  });

  it.runIf(hasScript)('start outside tmux: a detached session on the server named by STACKCTL_TMUX_SOCKET; attach; stop api closes its window, stop the session', async () => {
    const p = project();
    const tmux = tmuxServer();
    const env = neutralEnv({ STACKCTL_TMUX_SOCKET: tmux.socket });
    const started = await runCli(['start', '--separate-terminals'], { cwd: p.dir, env });
    expect(started.code, started.stderr).toBe(0);
    const session = `stackctl-${p.name}`;
    expect(started.stdout).toContain('separate terminals: tmux, tmux is installed (a detached session); pick another with --terminal vscode');
    expect(started.stdout).toContain(`tmux: detached session ${session} with a window per service (db, api)`);
    expect(started.stdout).toContain(`attach with: tmux -L ${tmux.socket} attach -t ${session} (or: stackctl attach <service>)`);
    tmux.serverPid();
    const windows = tmux.windows();
    expect(windows.map(({ name, session: owner }) => [name, owner])).toEqual([
      ['db', session],
      ['api', session],
    ]);
    for (const { id, name } of windows) {
      await eventually(() => tmux.capture(id), (text) => text.includes(`${name} | ${name} is up FORCE_COLOR=1`), `${name}'s output in its window`);
    }

    // attach (outside tmux, in a real terminal): a tmux client shows api's window until it is detached.
    const attach = startCliInPty(['attach', 'api'], { cwd: p.dir, env });
    ptys.push(attach);
    const api = windowsOf(p).api;
    await eventually(() => tmux.tryRun('list-clients', '-F', '#{client_session} #{window_id}').stdout.trim(), (line) => line === `${session} ${api}`, 'a client on the window of api');
    tmux.run('detach-client', '-s', session);
    expect(await attach.exited).toBe(0);

    const { stdout: stopApi } = await runCli(['stop', 'api'], { cwd: p.dir, env });
    expect(stopApi).toContain(`closed tmux window ${api} (api)`);
    expect(tmux.windows().map((each) => each.name)).toEqual(['db']);
    expect(Object.keys(windowsOf(p))).toEqual(['db']);

    const { stdout: stopAll } = await runCli(['stop'], { cwd: p.dir, env });
    expect(stopAll).toContain(`closed tmux session ${session}`);
    expect(tmux.tryRun('has-session', '-t', `=${session}`).status).not.toBe(0);
    expect(existsSync(statePath(p))).toBe(false);
    await expectNothingLeft(p);
    await tmux.kill();
  });

  it('restart --separate-terminals reopens the windows on the server start was given (--tmux-socket), not the default one', async () => {
    const p = project();
    // TMUX_TMPDIR for the CLI: the default server, were one made, would live here and not be the user's.
    const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-tmux-'));
    const socket = path.join(tmpdir, 'private.sock');
    const env = neutralEnv({ TMUX_TMPDIR: tmpdir });
    const tmux = (server: string[], ...args: string[]) => spawnSync('tmux', [...server, ...args], { encoding: 'utf8', env });
    const pids = new Set<number>();
    const windows = (server: string[]) => {
      const listed = tmux(server, 'list-windows', '-a', '-F', '#{window_id} #{window_name} #{session_name} #{pane_pid}');
      const rows = listed.status === 0 ? listed.stdout.split('\n').filter((line) => line !== '').map((line) => line.split(' ')) : [];
      for (const row of rows) pids.add(Number(row[3]));
      return rows.map(([id, name, session, pane]) => ({ id, name, session, pane }));
    };
    cleanups.push(async () => {
      for (const server of [['-S', socket], []]) {
        const pid = tmux(server, 'display-message', '-p', '#{pid}');
        if (pid.status === 0) pids.add(Number(pid.stdout.trim()));
        tmux(server, 'kill-server');
      }
      try {
        await expectPidsGone(pids);
      } finally {
        killSurvivors(pids);
        rmSync(tmpdir, { recursive: true, force: true });
      }
    });
    const session = `stackctl-${p.name}`;

    const started = await runCli(['start', '--separate-terminals', '--tmux-socket', socket], { cwd: p.dir, env });
    expect(started.code, started.stderr).toBe(0);
    const first = windows(['-S', socket]);
    expect(first.map(({ name, session: owner }) => [name, owner])).toEqual([
      ['db', session],
      ['api', session],
    ]);

    const restarted = await runCli(['restart', '--separate-terminals'], { cwd: p.dir, env });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stdout).toContain(`attach with: tmux -S ${socket} attach -t ${session}`);
    const second = windows(['-S', socket]);
    expect(second.map(({ name, session: owner }) => [name, owner])).toEqual([
      ['db', session],
      ['api', session],
    ]);
    // New viewers (the old windows were closed): each pane runs a new `logs -f`.
    expect(second.map(({ pane }) => pane).filter((pane) => first.some((old) => old.pane === pane))).toEqual([]);
    expect(windows([]), 'windows opened on the default tmux server').toEqual([]);
    expect((JSON.parse(readFileSync(statePath(p), 'utf8')) as { tmux: { server: unknown } }).tmux.server).toEqual({ socketPath: socket });

    const { stdout: stopAll } = await runCli(['stop'], { cwd: p.dir, env });
    expect(stopAll).toContain(`closed tmux session ${session}`);
    await expectNothingLeft(p);
  });

  it('attach says what is wrong when nothing was opened with tmux', async () => {
    const p = project();
    const { code, stderr } = await runCli(['attach', 'api'], { cwd: p.dir, env: neutralEnv() });
    expect(code).toBe(2);
    expect(stderr).toContain('error[E_USAGE]: attach works with tmux terminals, and no services were started with --separate-terminals');
    expect(stderr).toContain('hint: start them with: stackctl start --separate-terminals --terminal tmux');
  });
});

describe('--separate-terminals without tmux', () => {
  it('in VS Code (TERM_PROGRAM=vscode): tasks.json written next to the user tasks, the hint printed, a second run changes nothing', async () => {
    const p = project();
    const tasksFile = path.join(p.dir, '.vscode', 'tasks.json');
    mkdirSync(path.dirname(tasksFile));
    writeFileSync(tasksFile, '{\n  // my tasks\n  "version": "2.0.0",\n  "tasks": [\n    { "label": "build", "type": "shell", "command": "make" }\n  ]\n}\n');
    const env = neutralEnv({ TERM_PROGRAM: 'vscode' });

    const first = await runCli(['start', '--separate-terminals'], { cwd: p.dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('separate terminals: VS Code tasks, in a VS Code or Cursor terminal (TERM_PROGRAM=vscode)');
    expect(first.stdout).toContain('VS Code tasks: updated .vscode/tasks.json with a task per service (db, api) and "stackctl: all services"');
    expect(first.stdout).toContain('run them with Terminal → Run Task… (or the command "Tasks: Run Task") → stackctl: all services');
    const text = readFileSync(tasksFile, 'utf8');
    expect(text).toContain('// my tasks');
    const tasks = JSON.parse(text.replace('// my tasks', '')) as { tasks: Array<{ label: string; command?: string; args?: string[] }> };
    expect(tasks.tasks.map((task) => task.label)).toEqual(['build', 'stackctl: db', 'stackctl: api', 'stackctl: all services']);
    expect(tasks.tasks[1]).toMatchObject({ command: process.execPath, args: [CLI_PATH, '-c', path.join(p.dir, 'stackctl.yaml'), 'logs', '-f', 'db'] });

    const second = await runCli(['restart', '--separate-terminals'], { cwd: p.dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('VS Code tasks: kept (already up to date) .vscode/tasks.json');
    expect(readFileSync(tasksFile, 'utf8')).toBe(text);
    const status = await statusJson(p);
    expect(status.services.map((service) => service.state)).toEqual(['running', 'running']);

    const stop = await runCli(['stop'], { cwd: p.dir, env });
    expect(stop.stdout).toContain('stackctl cannot close VS Code tasks tabs; close them yourself');
    expect(existsSync(statePath(p))).toBe(false);
    await expectNothingLeft(p);
  });

  it('with no terminal to open: says so, how to pick one, and up shows the unified output instead', async () => {
    const p = project();
    // No tmux on PATH, no desktop, no editor terminal: nothing usable.
    const run = startCli(['up', '--separate-terminals'], { cwd: p.dir, env: neutralEnv({ PATH: path.join(p.dir, 'no-programs-here') }) });
    await run.waitForOutput('api | api is up');
    await run.waitForOutput('db  | db is up');
    expect(run.stdout()).toContain('no terminal found to open a tab per service');
    expect(run.stdout()).toContain("hint: showing every service's output here instead; install tmux, or pick one that works here with --terminal vscode");
    expect(daemonPids(p)).toEqual([]);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
  });

  it('an unknown --terminal is a usage error before anything starts', async () => {
    const p = project();
    const { code, stderr } = await runCli(['start', '--terminal', 'xterm-9000'], { cwd: p.dir, env: neutralEnv() });
    expect(code).toBe(2);
    expect(stderr).toContain('error[E_USAGE]: unknown terminal "xterm-9000"');
    expect(stderr).toMatch(/hint: pick one of: --terminal tmux\|vscode\|/);
    expect(daemonPids(p)).toEqual([]);
  });
});
