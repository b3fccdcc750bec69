// What was opened: executing a plan records tmux window ids (and rolls back on failure); the state file; closing and attaching use it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import {
  attachPlan,
  clearTerminalState,
  closeOpenedTerminals,
  executeLaunchPlan,
  launcherFor,
  readTerminalState,
  terminalStatePath,
  writeTerminalState,
  type LaunchRequest,
  type TerminalState,
} from '../../src/terminals/index.js';
import { TempDirs } from '../helpers/temp-dirs.js';
import { thrown } from '../helpers/thrown.js';
import { fakeEnv } from './fake-terminal-env.js';
import { fakeRunner } from './fake-runner.js';

const request: LaunchRequest = {
  project: 'demo',
  projectRoot: '/p',
  services: ['api', 'web', 'worker'].map((name) => ({ name, command: ['stackctl', 'logs', '-f', name] })),
  tmux: { socketName: 'test' },
};
const outside = fakeEnv({ programs: ['tmux'] });
const inside = fakeEnv({ vars: { TMUX: '/tmp/tmux-1/default,99,0' }, programs: ['tmux'] });

function tmuxPlan(env = outside) {
  const launcher = launcherFor('tmux');
  if (launcher === undefined) throw new Error('no tmux launcher');
  return launcher.plan(request, env);
}

const sessionState: TerminalState = {
  version: 1,
  launcher: 'tmux',
  services: ['api', 'web'],
  tmux: { server: { socketName: 'test' }, session: 'stackctl-demo', windows: { api: '@1', web: '@2' } },
};
const windowsState: TerminalState = {
  version: 1,
  launcher: 'tmux',
  services: ['api', 'web'],
  tmux: { server: { socketPath: '/tmp/tmux-1/default' }, session: null, windows: { api: '@7', web: '@8' } },
};

describe('executeLaunchPlan', () => {
  it("records the window id each tmux step prints", () => {
    const runner = fakeRunner((_, index) => ({ stdout: `@${index + 4}\n` }));
    const state = executeLaunchPlan(tmuxPlan(), { run: runner.run });
    expect(state.tmux?.windows).toEqual({ api: '@4', web: '@5', worker: '@6' });
    expect(runner.calls.map((call) => call.argv[3])).toEqual(['new-session', 'new-window', 'new-window']);
  });

  it('closes what it opened when a later step fails, then reports the failure', () => {
    const runner = fakeRunner((argv, index) => (index === 2 ? { status: 1, stderr: 'create window failed: index in use\n' } : argv.includes('kill-session') ? {} : { stdout: `@${index}\n` }));
    const error = thrown(() => executeLaunchPlan(tmuxPlan(), { run: runner.run }));
    expect(isStackctlError(error) && [error.code, error.message]).toEqual(['E_SPAWN_FAILED', 'tmux failed (exit status 1): create window failed: index in use']);
    expect(runner.calls.at(-1)?.argv).toEqual(['tmux', '-L', 'test', 'kill-session', '-t', '=stackctl-demo']);
  });

  it('does not touch an existing session when creating ours fails', () => {
    const runner = fakeRunner(() => ({ status: 1, stderr: 'duplicate session: stackctl-demo\n' }));
    const error = thrown(() => executeLaunchPlan(tmuxPlan(), { run: runner.run }));
    expect(isStackctlError(error) && error.message).toBe('tmux failed (exit status 1): duplicate session: stackctl-demo');
    expect(runner.calls).toHaveLength(1);
  });

  it('says when the terminal program is missing', () => {
    const missing = Object.assign(new Error('spawnSync tmux ENOENT'), { code: 'ENOENT' });
    const error = thrown(() => executeLaunchPlan(tmuxPlan(), { run: () => ({ status: null, stdout: '', stderr: '', error: missing }) }));
    expect(isStackctlError(error) && [error.message, error.hint]).toEqual([
      'tmux was not found on PATH',
      'pick another terminal with --terminal, or leave out --separate-terminals for one combined output',
    ]);
  });

  it('rejects output that is not a window id', () => {
    const error = thrown(() => executeLaunchPlan(tmuxPlan(), { run: fakeRunner(() => ({ stdout: 'oops' })).run }));
    expect(isStackctlError(error) && error.message).toBe('tmux did not report the window it opened for api (printed "oops")');
  });
});

describe('closeOpenedTerminals', () => {
  it('kills the session stackctl created', () => {
    const runner = fakeRunner();
    expect(closeOpenedTerminals(sessionState, runner.run)).toEqual({ closed: ['session stackctl-demo'], alreadyGone: [], failed: [], remaining: undefined });
    expect(runner.calls.map((call) => call.argv)).toEqual([['tmux', '-L', 'test', 'kill-session', '-t', '=stackctl-demo']]);
  });

  it("kills only its own windows in the user's session, on the recorded server, tolerating ones already gone", () => {
    const runner = fakeRunner((argv) => (argv.includes('@8') ? { status: 1, stderr: "can't find window: @8\n" } : {}));
    expect(closeOpenedTerminals(windowsState, runner.run)).toEqual({ closed: ['window @7 (api)'], alreadyGone: ['window @8 (web)'], failed: [], remaining: undefined });
    expect(runner.calls.map((call) => call.argv)).toEqual([
      ['tmux', '-S', '/tmp/tmux-1/default', 'kill-window', '-t', '@7'],
      ['tmux', '-S', '/tmp/tmux-1/default', 'kill-window', '-t', '@8'],
    ]);
  });

  it('closes only the named services (stop api), returning what is still open', () => {
    const runner = fakeRunner();
    const result = closeOpenedTerminals(sessionState, runner.run, ['api']);
    expect(result.closed).toEqual(['window @1 (api)']);
    expect(runner.calls.map((call) => call.argv)).toEqual([['tmux', '-L', 'test', 'kill-window', '-t', '@1']]);
    expect(result.remaining).toEqual({ ...sessionState, services: ['web'], tmux: { ...sessionState.tmux, windows: { web: '@2' } } });
    // Naming every service closes the whole session.
    expect(closeOpenedTerminals(sessionState, fakeRunner().run, ['web', 'api']).closed).toEqual(['session stackctl-demo']);
  });

  it('reports a failure it cannot explain', () => {
    const runner = fakeRunner(() => ({ status: 1, stderr: 'permission denied\n' }));
    expect(closeOpenedTerminals(sessionState, runner.run).failed).toEqual(['session stackctl-demo: permission denied']);
  });

  it('closes nothing for GUI launchers, and says so', () => {
    const runner = fakeRunner();
    const result = closeOpenedTerminals({ version: 1, launcher: 'gnome-terminal', services: ['api'] }, runner.run);
    expect(result).toEqual({ closed: [], alreadyGone: [], failed: [], remaining: undefined, note: 'stackctl cannot close GNOME Terminal tabs; close them yourself' });
    expect(runner.calls).toEqual([]);
  });
});

describe('attachPlan', () => {
  it('outside tmux: attach to the window (tmux selects it on attach)', () => {
    expect(attachPlan(sessionState, 'web', outside)).toEqual({ kind: 'run', argv: ['tmux', '-L', 'test', 'attach-session', '-t', '@2'], interactive: true });
  });

  it("inside tmux: select the window, and switch the client when it is in stackctl's own session", () => {
    expect(attachPlan(windowsState, 'api', inside).argv).toEqual(['tmux', '-S', '/tmp/tmux-1/default', 'select-window', '-t', '@7']);
    expect(attachPlan(sessionState, 'api', inside).argv).toEqual(['tmux', '-L', 'test', 'select-window', '-t', '@1', ';', 'switch-client', '-t', '@1']);
  });

  it.each<[string, TerminalState | undefined, string, string, string]>([
    ['no state', undefined, 'api', 'E_USAGE', 'attach works with tmux terminals, and no services were started with --separate-terminals'],
    ['another launcher', { version: 1, launcher: 'vscode', services: ['api'] }, 'api', 'E_USAGE', 'attach works with tmux terminals, and the services were opened with --terminal vscode'],
    ['an unknown service', sessionState, 'db', 'E_SERVICE_UNKNOWN', 'no tmux window was opened for service db'],
  ])('refuses with %s', (_, state, service, code, message) => {
    const error = thrown(() => attachPlan(state, service, outside));
    expect(isStackctlError(error) && [error.code, error.message]).toEqual([code, message]);
  });
});

describe('.stackctl/terminals.json', () => {
  const roots = new TempDirs('stackctl-state-');
  afterEach(() => roots.removeAll());

  it('is written, read back, and cleared', () => {
    const root = roots.create();
    expect(readTerminalState(root)).toBeUndefined();
    writeTerminalState(root, sessionState);
    expect(terminalStatePath(root)).toBe(path.join(root, '.stackctl', 'terminals.json'));
    expect(readTerminalState(root)).toEqual(sessionState);
    clearTerminalState(root);
    expect(fs.existsSync(terminalStatePath(root))).toBe(false);
    clearTerminalState(root);
  });

  it('reads an unreadable or foreign file as no state', () => {
    const root = roots.create();
    fs.mkdirSync(path.join(root, '.stackctl'));
    for (const text of ['{', '{"version": 2, "launcher": "tmux", "services": []}', JSON.stringify({ ...sessionState, tmux: { ...sessionState.tmux, windows: { api: 'rm -rf' } } })]) {
      fs.writeFileSync(terminalStatePath(root), text);
      expect(readTerminalState(root)).toBeUndefined();
    }
  });
});
