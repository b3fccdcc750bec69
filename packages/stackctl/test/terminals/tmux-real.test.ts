// The tmux launcher against real tmux on a private server: a window per service showing its output, closed by stop with every process gone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  attachPlan,
  closeOpenedTerminals,
  executeLaunchPlan,
  launcherFor,
  quotePosix,
  spawnRunner,
  type CommandRunner,
  type LaunchRequest,
  type TerminalEnv,
} from '../../src/terminals/index.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { expectPidsGone, expectPidsGoneAndClear } from '../helpers/pids.js';
import { TempDirs } from '../helpers/temp-dirs.js';
import { waitFor } from '../helpers/wait-for.js';
import { fakeEnv } from './fake-terminal-env.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Stand-in for `stackctl logs -f <service>`: prints a marker line, then stays alive. */
const MARKER_SCRIPT = 'process.stdout.write("marker " + process.argv[1] + "\\n"); setInterval(() => {}, 1 << 30);';
const SERVICES = [
  { name: 'api', marker: `api ready $HOME 'q' "dq"` },
  { name: `web's "ui" $x`, marker: 'web ready `x` \\ ✓' },
];

let counter = 0;
const pids = new Set<number>();
const sockets: string[] = [];
const roots = new TempDirs(`stackctl tmux "q" $x '`);

/** A private tmux server: never the user's (`-L stackctl-test-<pid>-<n>`, no config file). */
function privateServer(): { socket: string; tmux: (...args: string[]) => string } {
  counter += 1;
  const socket = `stackctl-test-${process.pid}-${counter}`;
  sockets.push(socket);
  const tmux = (...args: string[]): string => {
    const result = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  return { socket, tmux };
}

const tempRoot = (): string => roots.create();

function request(root: string, socket: string | undefined): LaunchRequest {
  return {
    project: 'demo.app',
    projectRoot: root,
    services: SERVICES.map(({ name, marker }) => ({ name, command: [process.execPath, '-e', MARKER_SCRIPT, marker] })),
    ...(socket === undefined ? {} : { tmux: { socketName: socket, configFile: '/dev/null' } }),
  };
}

function plan(req: LaunchRequest, env: TerminalEnv) {
  const launcher = launcherFor('tmux');
  if (launcher === undefined) throw new Error('no tmux launcher');
  return launcher.plan(req, env);
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** Every process of the server: its own pid and each pane's. */
function serverPids(tmux: (...args: string[]) => string): number[] {
  const found = [Number(tmux('display-message', '-p', '#{pid}').trim()), ...lines(tmux('list-panes', '-a', '-F', '#{pane_pid}')).map(Number)];
  for (const pid of found) pids.add(pid);
  return found;
}

function capture(tmux: (...args: string[]) => string, target: string): string {
  return tmux('capture-pane', '-p', '-t', target);
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    // tmux leaves the socket file behind after kill-server.
    fs.rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  }
  try {
    await expectPidsGoneAndClear(pids);
  } finally {
    roots.removeAll();
  }
});

describe.runIf(hasTmux && process.platform !== 'win32')('tmux launcher (real tmux, private server)', () => {
  it('outside tmux: a detached session with a window per service, each showing its output; closing leaves nothing', async () => {
    const { socket, tmux } = privateServer();
    const root = tempRoot();
    const launchPlan = plan(request(root, socket), fakeEnv({ programs: ['tmux'] }));
    const state = executeLaunchPlan(launchPlan); // the default runner: spawnSync, no shell

    const session = 'stackctl-demo_app';
    expect(state.tmux?.session).toBe(session);
    const listWindows = (): string[] => lines(tmux('list-windows', '-t', `=${session}`, '-F', '#{window_id}\t#{window_name}\t#{pane_current_path}'));
    // tmux reads a pane's folder from its process, which may not have started the instant the window exists.
    await waitFor(() => listWindows().every((window) => !window.endsWith('\t')), { message: 'every pane to have a current path' });
    expect(listWindows()).toEqual(SERVICES.map(({ name }) => `${state.tmux?.windows[name]}\t${name}\t${root}`));

    for (const { name, marker } of SERVICES) {
      const window = state.tmux?.windows[name] ?? '';
      await waitFor(() => capture(tmux, window).includes(`marker ${marker}`), { message: `${name}'s marker in its window` });
    }
    const all = serverPids(tmux);
    // `exec`: each pane's process is the viewer itself, not a shell around it.
    if (process.platform === 'linux') for (const pid of all.slice(1)) expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain(MARKER_SCRIPT);

    expect(closeOpenedTerminals(state, spawnRunner)).toEqual({ closed: [`session ${session}`], alreadyGone: [], failed: [], remaining: undefined });
    expect(spawnSync('tmux', ['-L', socket, 'has-session', '-t', `=${session}`]).status).not.toBe(0);
    await expectPidsGone(all.slice(1));
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await expectPidsGone(all);
    // Closing again finds nothing to close and says so.
    expect(closeOpenedTerminals(state, spawnRunner)).toEqual({ closed: [], alreadyGone: [`session ${session}`], failed: [], remaining: undefined });
  });

  it("inside tmux: windows in the user's current session, attach selects one, closing removes only ours", async () => {
    const { tmux } = privateServer();
    const root = tempRoot();
    const userPane = tmux('new-session', '-d', '-s', 'user', '-n', 'main', '-P', '-F', '#{pane_id}', nodeFixture('forever').map(quotePosix).join(' ')).trim();
    const vars = { TMUX: `${tmux('display-message', '-p', '#{socket_path},#{pid},#{session_id}').trim().replace(',$', ',')}`, TMUX_PANE: userPane };
    // Commands run as if typed in the user's pane: $TMUX names the server and session.
    const runInside: CommandRunner = (argv) => {
      const result = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...vars } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const env = fakeEnv({ vars, programs: ['tmux'] });
    const state = executeLaunchPlan(plan(request(root, undefined), env), { run: runInside });

    expect(state.tmux?.session).toBeNull();
    expect(state.tmux?.server.socketPath).toBe(vars.TMUX.split(',')[0]);
    expect(lines(tmux('list-windows', '-t', '=user', '-F', '#{window_name}'))).toEqual(['main', ...SERVICES.map(({ name }) => name)]);
    for (const { name, marker } of SERVICES) {
      await waitFor(() => capture(tmux, state.tmux?.windows[name] ?? '').includes(`marker ${marker}`), { message: `${name}'s marker` });
    }
    const all = serverPids(tmux);

    const web = SERVICES[1]?.name ?? '';
    const attach = attachPlan(state, web, env);
    expect(runInside(attach.argv).status).toBe(0);
    const active = lines(tmux('list-windows', '-t', '=user', '-F', '#{window_active} #{window_id}')).find((line) => line.startsWith('1 '));
    expect(active).toBe(`1 ${state.tmux?.windows[web]}`);

    // `stop` from any shell (no $TMUX) reaches the recorded server by its socket path.
    const closed = closeOpenedTerminals(state, spawnRunner);
    expect(closed.closed).toHaveLength(2);
    expect(lines(tmux('list-windows', '-t', '=user', '-F', '#{window_name}'))).toEqual(['main']);
    const userPid = Number(tmux('display-message', '-p', '-t', userPane, '#{pane_pid}').trim());
    await expectPidsGone(all.filter((pid) => pid !== userPid && pid !== all[0]));

    tmux('kill-server');
    await expectPidsGone(all);
  });
});
