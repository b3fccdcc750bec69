// Each launcher's planned command lines for a project whose path, service names and commands hold spaces, quotes and `$`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import { launcherFor, type LaunchPlan, type LaunchRequest, type RunStep, type TerminalId } from '../../src/terminals/index.js';
import { tabShellCommand } from '../../src/terminals/macos-terminal-launcher.js';
import { wtTabs } from './command-line-to-argv.js';
import { fakeEnv } from './fake-terminal-env.js';
import { NASTY_NAME, NASTY_ROOT, nastyRequest } from './nasty-request.js';

const [api, web] = nastyRequest.services as [LaunchRequest['services'][number], LaunchRequest['services'][number]];

function plan(id: TerminalId, request: LaunchRequest = nastyRequest, env = fakeEnv()): LaunchPlan {
  const launcher = launcherFor(id);
  if (launcher === undefined) throw new Error(`no launcher ${id}`);
  return launcher.plan(request, env);
}

function runSteps(result: LaunchPlan): RunStep[] {
  return result.steps.filter((step): step is RunStep => step.kind === 'run');
}

/** The words /bin/sh makes of a shell text, by running it as printf's arguments. */
function shellWords(text: string): string[] {
  const result = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\0').slice(0, -1);
}

/** `cd <root> && exec <argv>` → [root, argv], as the shell reads it. */
function decodeTabCommand(command: string): [string, string[]] {
  const match = /^cd (.*?) && exec (.*)$/s.exec(command);
  if (match === null) throw new Error(`not a tab command: ${command}`);
  return [shellWords(match[1] as string)[0] as string, shellWords(match[2] as string)];
}

/** AppleScript string literals in a line, read back. */
function appleScriptLiterals(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/gs)].map((match) => (match[1] as string).replace(/\\(.)/gs, (_, char: string) => ({ n: '\n', r: '\r', t: '\t' })[char] ?? char));
}

describe('tmux plan', () => {
  it('outside tmux: a detached session named after the project, then a window per service', () => {
    const result = plan('tmux', { ...nastyRequest, tmux: { socketName: 'my sock' } });
    const steps = runSteps(result);
    expect(steps.map((step) => step.argv.slice(0, -1))).toEqual([
      ['tmux', '-L', 'my sock', 'new-session', '-d', '-s', 'stackctl-demo_app', '-n', 'api', '-c', NASTY_ROOT, '-P', '-F', '#{window_id}'],
      ['tmux', '-L', 'my sock', 'new-window', '-d', '-t', '=stackctl-demo_app:', '-n', NASTY_NAME, '-c', NASTY_ROOT, '-P', '-F', '#{window_id}'],
    ]);
    expect(steps.map((step) => step.opensWindowFor)).toEqual(['api', NASTY_NAME]);
    expect(result.summary).toBe(`tmux: detached session stackctl-demo_app with a window per service (api, ${NASTY_NAME})`);
    expect(result.hint).toBe("attach with: tmux -L 'my sock' attach -t stackctl-demo_app (or: stackctl attach <service>)");
    expect(result.record).toEqual({
      version: 1,
      launcher: 'tmux',
      services: ['api', NASTY_NAME],
      tmux: { server: { socketName: 'my sock' }, session: 'stackctl-demo_app', windows: {} },
    });
  });

  it("each window's shell command execs exactly the service's argv", () => {
    for (const [step, service] of runSteps(plan('tmux')).map((step, index) => [step, nastyRequest.services[index]] as const)) {
      const command = step.argv.at(-1) as string;
      expect(command.startsWith('exec ')).toBe(true);
      expect(shellWords(command.slice('exec '.length))).toEqual(service?.command);
    }
  });

  it('inside tmux: new windows in the current session, the server recorded from $TMUX', () => {
    const env = fakeEnv({ vars: { TMUX: '/tmp/tmux-1000/my,sock,4242,3' }, programs: ['tmux'] });
    const result = plan('tmux', nastyRequest, env);
    expect(runSteps(result).map((step) => step.argv.slice(0, 5))).toEqual([
      ['tmux', 'new-window', '-d', '-n', 'api'],
      ['tmux', 'new-window', '-d', '-n', NASTY_NAME],
    ]);
    expect(result.record.tmux).toEqual({ server: { socketPath: '/tmp/tmux-1000/my,sock' }, session: null, windows: {} });
    expect(result.summary).toBe(`tmux: a window per service in the current tmux session (api, ${NASTY_NAME})`);
  });

  it('an explicit socket inside tmux makes a detached session on that server', () => {
    const env = fakeEnv({ vars: { TMUX: '/tmp/t,1,0' } });
    const steps = runSteps(plan('tmux', { ...nastyRequest, tmux: { socketPath: '/tmp/a b/s' } }, env));
    expect(steps[0]?.argv.slice(0, 4)).toEqual(['tmux', '-S', '/tmp/a b/s', 'new-session']);
  });

  it('sanitises names tmux treats specially', () => {
    const request: LaunchRequest = { ...nastyRequest, project: 'my.proj:1 $x', services: [{ name: 'a.b:c#{d}', command: ['x'] }] };
    const argv = runSteps(plan('tmux', request))[0]?.argv ?? [];
    expect(argv.slice(argv.indexOf('-s'), argv.indexOf('-s') + 4)).toEqual(['-s', 'stackctl-my_proj_1__x', '-n', 'a_b_c##{d}']);
  });
});

describe('VS Code plan', () => {
  it('writes .vscode/tasks.json under the project root with argv tasks', () => {
    const result = plan('vscode');
    expect(result.steps).toHaveLength(1);
    const step = result.steps[0];
    expect(step?.kind === 'write-file' && step.path).toBe(`${NASTY_ROOT}/.vscode/tasks.json`);
    const tasks = step?.kind === 'write-file' ? (JSON.parse(step.content) as { tasks: Array<Record<string, unknown>> }).tasks : [];
    expect(tasks[1]).toMatchObject({ label: `stackctl: ${NASTY_NAME}`, type: 'process', command: web.command[0], args: web.command.slice(1), options: { cwd: NASTY_ROOT } });
    expect(result.hint).toBe('run them with Terminal → Run Task… (or the command "Tasks: Run Task") → stackctl: all services');
  });
});

describe('macOS Terminal and iTerm2 plans (not yet verified on macOS)', () => {
  it('Terminal.app: one osascript call, a titled window per service', () => {
    const [step, ...rest] = runSteps(plan('macos-terminal'));
    expect(rest).toEqual([]);
    const argv = step?.argv ?? [];
    expect(argv[0]).toBe('osascript');
    const lines = argv.filter((_, index) => index % 2 === 0 && index > 0);
    expect(argv.filter((_, index) => index % 2 === 1)).toEqual(lines.map(() => '-e'));
    expect(lines[0]).toBe('tell application "Terminal"');
    expect(lines.at(-1)).toBe('end tell');
    const scripts = lines.filter((line) => line.startsWith('set stackctlTab to do script ')).map((line) => appleScriptLiterals(line)[0] as string);
    expect(scripts.map(decodeTabCommand)).toEqual([
      [NASTY_ROOT, api.command],
      [NASTY_ROOT, web.command],
    ]);
    const titles = lines.filter((line) => line.startsWith('set custom title of stackctlTab to ')).map((line) => appleScriptLiterals(line)[0]);
    expect(titles).toEqual(['api', NASTY_NAME]);
  });

  it('iTerm2: a tab per service, named, with the command written into it', () => {
    const lines = (runSteps(plan('iterm2'))[0]?.argv ?? []).filter((_, index) => index % 2 === 0 && index > 0);
    expect(lines.slice(0, 4)).toEqual(['tell application "iTerm2"', 'activate', 'if (count of windows) is 0 then create window with default profile', 'tell current window']);
    expect(lines.filter((line) => line.startsWith('set name to ')).map((line) => appleScriptLiterals(line)[0])).toEqual(['api', NASTY_NAME]);
    const written = lines.filter((line) => line.startsWith('write text ')).map((line) => appleScriptLiterals(line)[0] as string);
    expect(written).toEqual([tabShellCommand(NASTY_ROOT, api), tabShellCommand(NASTY_ROOT, web)]);
    expect(written.map(decodeTabCommand)[1]).toEqual([NASTY_ROOT, web.command]);
  });
});

describe('GNOME Terminal and Konsole plans (argv, no shell)', () => {
  it('GNOME Terminal: gnome-terminal --tab --title <name> --working-directory=<root> -- <argv>', () => {
    expect(runSteps(plan('gnome-terminal')).map((step) => step.argv)).toEqual([
      ['gnome-terminal', '--tab', '--title', 'api', `--working-directory=${NASTY_ROOT}`, '--', ...api.command],
      ['gnome-terminal', '--tab', '--title', NASTY_NAME, `--working-directory=${NASTY_ROOT}`, '--', ...web.command],
    ]);
  });

  it('Konsole: konsole --new-tab -p tabtitle=<name> --workdir <root> -e <argv>', () => {
    const request: LaunchRequest = { ...nastyRequest, services: [...nastyRequest.services, { name: 'x;y%n', command: ['z'] }] };
    expect(runSteps(plan('konsole', request)).map((step) => step.argv)).toEqual([
      ['konsole', '--new-tab', '-p', 'tabtitle=api', '--workdir', NASTY_ROOT, '-e', ...api.command],
      ['konsole', '--new-tab', '-p', `tabtitle=${NASTY_NAME}`, '--workdir', NASTY_ROOT, '-e', ...web.command],
      ['konsole', '--new-tab', '-p', 'tabtitle=x_y_n', '--workdir', NASTY_ROOT, '-e', 'z'],
    ]);
  });
});

describe('Windows Terminal plan (not yet verified on Windows)', () => {
  const root = "C:\\Users\\o'neil\\my stack $x;1\\";
  const request: LaunchRequest = {
    project: 'demo',
    projectRoot: root,
    services: [
      { name: 'api', command: ['C:\\Program Files\\nodejs\\node.exe', `${root}bin\\stackctl.js`, 'logs', '-f', 'api'] },
      { name: 'w;b "x"', command: ['C:\\Program Files\\nodejs\\node.exe', 'say "hi" $x', 'trailing\\', ''] },
    ],
  };

  it('one wt call: a new-tab per service chained with ";"', () => {
    const argv = runSteps(plan('windows-terminal', request))[0]?.argv ?? [];
    expect(argv.slice(0, 9)).toEqual(['wt', '-w', '0', 'new-tab', '--title', 'api', '-d', "C:\\Users\\o'neil\\my stack $x\\;1\\", 'C:\\Program Files\\nodejs\\node.exe']);
    expect(argv.filter((arg) => arg === ';')).toHaveLength(1);
    // What each tab gets once wt splits its commands and rejoins each tab's trailing arguments.
    expect(wtTabs(argv)).toEqual([
      { title: 'api', dir: root, argv: request.services[0]?.command },
      { title: 'w_b "x"', dir: root, argv: request.services[1]?.command },
    ]);
  });
});

describe('every launcher', () => {
  it.each(['tmux', 'vscode', 'macos-terminal', 'iterm2', 'gnome-terminal', 'konsole', 'windows-terminal'] as const)('%s refuses a request with no services', (id) => {
    let error: unknown;
    try {
      plan(id, { ...nastyRequest, services: [] });
    } catch (caught) {
      error = caught;
    }
    expect(isStackctlError(error) && error.code).toBe('E_USAGE');
  });
});
