// `stackctl stop`: closes exactly what `--separate-terminals` opened (tmux windows, or the session it created).
import type { CommandRunner } from './command-runner.js';
import { LAUNCHERS } from './launchers.js';
import type { TerminalState } from './terminal-state.js';
import { exactSession, tmuxServerArgs } from './tmux-names.js';

export interface CloseResult {
  /** What was closed: `session stackctl-demo`, `window @3 (api)`. */
  readonly closed: readonly string[];
  /** Already gone (closed by the user, or its process ended). */
  readonly alreadyGone: readonly string[];
  /** Could not be closed, with tmux's message. */
  readonly failed: readonly string[];
  /** What is still open after closing only some services: write it back; undefined when nothing is left. */
  readonly remaining: TerminalState | undefined;
  /** For launchers whose tabs stackctl cannot close (GUI terminals, VS Code tasks): what the user should know. */
  readonly note?: string;
}

/** tmux's ways of saying the target (or the whole server) no longer exists. */
const GONE = /can't find|no server running|no such file or directory|error connecting|session not found|window not found/i;

/**
 * Closes what `state` records, or with `services` only those services' windows (`stop api`).
 * Windows the user opened themselves, even inside stackctl's session, are only closed with the session.
 */
export function closeOpenedTerminals(state: TerminalState, run: CommandRunner, services?: readonly string[]): CloseResult {
  const tmux = state.tmux;
  if (state.launcher !== 'tmux' || tmux === undefined) {
    const label = LAUNCHERS.find((launcher) => launcher.id === state.launcher)?.label ?? state.launcher;
    const left = services === undefined ? [] : state.services.filter((service) => !services.includes(service));
    return {
      closed: [],
      alreadyGone: [],
      failed: [],
      remaining: left.length === 0 ? undefined : { ...state, services: left },
      note: `stackctl cannot close ${label} tabs; close them yourself`,
    };
  }
  const server = tmuxServerArgs(tmux.server);
  const chosen = Object.entries(tmux.windows).filter(([service]) => services === undefined || services.includes(service));
  const whole = tmux.session !== null && chosen.length === Object.keys(tmux.windows).length;
  const targets = whole
    ? [{ what: `session ${tmux.session}`, argv: ['tmux', ...server, 'kill-session', '-t', exactSession(tmux.session ?? '')] }]
    : chosen.map(([service, id]) => ({ what: `window ${id} (${service})`, argv: ['tmux', ...server, 'kill-window', '-t', id] }));
  const closed: string[] = [];
  const alreadyGone: string[] = [];
  const failed: string[] = [];
  for (const target of targets) {
    const result = run(target.argv);
    if (result.status === 0) closed.push(target.what);
    else if (GONE.test(result.stderr)) alreadyGone.push(target.what);
    else failed.push(`${target.what}: ${result.stderr.trim() || result.error?.message || `exit status ${result.status}`}`);
  }
  const left = Object.fromEntries(Object.entries(tmux.windows).filter(([service]) => !chosen.some(([name]) => name === service)));
  const remaining: TerminalState | undefined =
    Object.keys(left).length === 0 ? undefined : { ...state, services: state.services.filter((service) => service in left), tmux: { ...tmux, windows: left } };
  return { closed, alreadyGone, failed, remaining };
}
