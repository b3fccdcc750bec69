// `stackctl attach <service>`: the tmux command that shows a service's window (switch to it inside tmux, attach outside).
import { StackctlError } from '../errors/index.js';
import type { RunStep, TerminalEnv } from './terminal-launcher.js';
import type { TerminalState } from './terminal-state.js';
import { tmuxServerArgs } from './tmux-names.js';

/** Run it with the user's terminal (the step is `interactive`): `tmux attach` takes over stdin/stdout. */
export function attachPlan(state: TerminalState | undefined, service: string, env: TerminalEnv): RunStep {
  const tmux = state?.tmux;
  if (state === undefined || tmux === undefined) {
    const how = state === undefined ? 'no services were started with --separate-terminals' : `the services were opened with --terminal ${state.launcher}`;
    throw new StackctlError('E_USAGE', `attach works with tmux terminals, and ${how}`, {
      hint: 'start them with: stackctl start --separate-terminals --terminal tmux',
    });
  }
  const window = tmux.windows[service];
  if (window === undefined) {
    const known = Object.keys(tmux.windows);
    throw new StackctlError('E_SERVICE_UNKNOWN', `no tmux window was opened for service ${service}`, {
      hint: known.length === 0 ? 'start it with --separate-terminals first' : `windows were opened for: ${known.join(', ')}`,
    });
  }
  const server = tmuxServerArgs(tmux.server);
  if ((env.vars.TMUX ?? '') === '') return { kind: 'run', argv: ['tmux', ...server, 'attach-session', '-t', window], interactive: true };
  // Inside tmux: make it the current window; when it lives in the session stackctl created, also move this client there.
  const switchClient = tmux.session === null ? [] : [';', 'switch-client', '-t', window];
  return { kind: 'run', argv: ['tmux', ...server, 'select-window', '-t', window, ...switchClient], interactive: true };
}
