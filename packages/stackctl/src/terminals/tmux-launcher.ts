// tmux: inside tmux a window per service in the current session; outside, a new detached session named after the project.
import { posixCommandLine } from './shell-quote.js';
import { serviceList, servicesToOpen } from './launch-request.js';
import type { LaunchRequest, LaunchStep, TerminalEnv, TerminalLauncher, TmuxServerOptions } from './terminal-launcher.js';
import { exactSession, socketPathFromTmuxVar, tmuxServerArgs, tmuxSessionName, tmuxWindowName } from './tmux-names.js';

/** Inside tmux (and no other server asked for): windows go into the current session of the server we are in. */
export function insideTmux(request: LaunchRequest, env: TerminalEnv): boolean {
  const explicit = request.tmux?.socketName !== undefined || request.tmux?.socketPath !== undefined;
  return !explicit && (env.vars.TMUX ?? '') !== '';
}

/**
 * The shell command a window runs. tmux hands a single command argument to the user's
 * `default-shell -c`, which may be bash, zsh or fish: the POSIX quoter's output reads the same in
 * all of them, and `exec` makes the service's viewer the pane's process.
 */
export function tmuxWindowCommand(argv: readonly string[]): string {
  return `exec ${posixCommandLine(argv)}`;
}

export const tmuxLauncher: TerminalLauncher = {
  id: 'tmux',
  label: 'tmux',
  requires: 'tmux on PATH',
  detect: (env) => env.platform !== 'win32' && env.which('tmux') !== undefined,
  plan(request, env) {
    const services = servicesToOpen(request);
    const inside = insideTmux(request, env);
    const socketPath = inside ? socketPathFromTmuxVar(env.vars.TMUX) : undefined;
    // Inside tmux the commands go to the server `$TMUX` names (so "current session" resolves); the
    // record keeps its socket path so `stop` and `attach` reach it from any shell.
    const server: TmuxServerOptions = inside ? (socketPath === undefined ? {} : { socketPath }) : { ...request.tmux };
    const serverArgs = inside ? [] : tmuxServerArgs(server);
    const session = inside ? null : tmuxSessionName(request.project);
    const steps: LaunchStep[] = services.map((service, index) => {
      const window = ['-n', tmuxWindowName(service.name), '-c', request.projectRoot, '-P', '-F', '#{window_id}', tmuxWindowCommand(service.command)];
      const argv =
        session === null
          ? ['tmux', ...serverArgs, 'new-window', '-d', ...window]
          : index === 0
            ? ['tmux', ...serverArgs, 'new-session', '-d', '-s', session, ...window]
            : ['tmux', ...serverArgs, 'new-window', '-d', '-t', `${exactSession(session)}:`, ...window];
      return { kind: 'run', argv, opensWindowFor: service.name };
    });
    const names = serviceList(services);
    return {
      launcher: 'tmux',
      steps,
      summary:
        session === null
          ? `tmux: a window per service in the current tmux session (${names})`
          : `tmux: detached session ${session} with a window per service (${names})`,
      hint:
        session === null
          ? 'switch to a window with: stackctl attach <service> (or tmux prefix + w)'
          : `attach with: ${posixCommandLine(['tmux', ...serverArgs, 'attach', '-t', session])} (or: stackctl attach <service>)`,
      record: { version: 1, launcher: 'tmux', services: services.map((service) => service.name), tmux: { server, session, windows: {} } },
    };
  },
};
