// `--separate-terminals`: picks the terminal, opens a tab per service following its log, and closes what was opened.
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { Palette } from '../output/colors.js';
import { CLI_SCRIPT } from '../daemon/daemon-launch.js';
import { isStackctlError } from '../errors/index.js';
import { DependencyGraph } from '../supervisor/dependency-graph.js';
import {
  chooseLauncher,
  clearTerminalState,
  closeOpenedTerminals,
  createTerminalEnv,
  executeLaunchPlan,
  readTerminalState,
  spawnRunner,
  writeTerminalState,
  type CloseResult,
  type CommandRunner,
  type LauncherChoice,
  type TerminalEnv,
  type TerminalState,
  type TmuxServerOptions,
} from '../terminals/index.js';

/** What `up`, `start` and `restart` take from `--separate-terminals`, `--terminal` and `--tmux-socket`. */
export interface TerminalFlags {
  readonly separateTerminals: boolean;
  /** `--terminal NAME`: the launcher to use instead of the detected one. */
  readonly terminal?: string;
  /** `--tmux-socket NAME|PATH` (else `STACKCTL_TMUX_SOCKET`): the tmux server to open windows on. */
  readonly tmuxSocket?: string;
}

/** The environment variable naming the tmux server (`-L name`, or `-S path` when it holds a `/`). */
export const TMUX_SOCKET_ENV = 'STACKCTL_TMUX_SOCKET';

/** The tmux server asked for, if any: a value holding `/` is a socket path (`-S`), else a socket name (`-L`). */
export function tmuxServerFrom(flag: string | undefined, vars: Readonly<Record<string, string | undefined>>): TmuxServerOptions | undefined {
  const value = flag ?? vars[TMUX_SOCKET_ENV];
  if (value === undefined || value === '') return undefined;
  return value.includes('/') ? { socketPath: path.resolve(value) } : { socketName: value };
}

export interface TerminalSession {
  readonly choice: LauncherChoice;
  readonly env: TerminalEnv;
  readonly tmux: TmuxServerOptions | undefined;
}

/**
 * Decides where the tabs go, before anything starts: throws E_USAGE for a `--terminal` that names
 * no launcher; null without `--separate-terminals`.
 */
export function prepareTerminals(flags: TerminalFlags, env: TerminalEnv = createTerminalEnv()): TerminalSession | null {
  if (!flags.separateTerminals) return null;
  return { choice: chooseLauncher(env, flags.terminal), env, tmux: tmuxServerFrom(flags.tmuxSocket, env.vars) };
}

export interface OpenOutcome {
  /** Tabs were opened: the caller shows no service output itself. False: it falls back to one combined output. */
  readonly opened: boolean;
  /** What to tell the user, one line each: what was chosen, what was opened, how to reach it (or why not). */
  readonly lines: readonly string[];
  /** True when the lines explain a fallback (nothing usable, or the launcher failed): show them as a warning. */
  readonly warning: boolean;
}

/** The argv a tab runs for `service`: this very stackctl following the service's log. */
export function followCommand(config: ResolvedConfig, service: string): string[] {
  return [process.execPath, CLI_SCRIPT, '-c', config.configPath, 'logs', '-f', service];
}

/**
 * Opens a tab per service (in config order), each running `stackctl logs -f <service>`, after
 * closing what an earlier `--separate-terminals` opened; with tmux both times, the services whose
 * windows it closes get new ones too, so each keeps exactly one. Records what was opened in
 * `.stackctl/terminals.json`. Never throws for the terminal: a launcher that fails is reported
 * and the caller falls back to combined output.
 */
export function openServiceTerminals(
  session: TerminalSession,
  config: ResolvedConfig,
  services: readonly string[],
  run: CommandRunner = spawnRunner,
): OpenOutcome {
  const { choice } = session;
  if (choice.kind === 'unavailable') return { opened: false, lines: [choice.message, `hint: ${choice.hint}`], warning: true };
  const previous = readTerminalState(config.root);
  const keep = previous?.launcher === 'tmux' && choice.launcher.id === 'tmux' ? previous.services : [];
  const wanted = new Set([...services, ...keep]);
  const names = new DependencyGraph(config.services).order.filter((name) => wanted.has(name));
  const closed = previous === undefined ? [] : closePrevious(config.root, run);
  try {
    const plan = choice.launcher.plan(
      { project: config.project, projectRoot: config.root, services: names.map((name) => ({ name, command: followCommand(config, name) })), tmux: tmuxServerFor(session, previous) },
      session.env,
    );
    const state = executeLaunchPlan(plan, { run });
    writeTerminalState(config.root, state);
    return { opened: true, lines: [...closed, choice.message, plan.summary, plan.hint], warning: false };
  } catch (error) {
    if (!isStackctlError(error)) throw error;
    const reason = `could not open separate terminals: ${error.message}`;
    return { opened: false, lines: [...closed, reason, "hint: showing every service's output here instead"], warning: true };
  }
}

/**
 * The tmux server to open on: the one asked for (`--tmux-socket`, `STACKCTL_TMUX_SOCKET`), else the
 * one an earlier run made its detached session on (`restart` need not repeat the flag). A run
 * inside tmux recorded the server `$TMUX` names, which is not reused: `$TMUX` decides again.
 */
function tmuxServerFor(session: TerminalSession, previous: TerminalState | undefined): TmuxServerOptions | undefined {
  if (session.tmux !== undefined || session.choice.kind === 'unavailable' || session.choice.launcher.id !== 'tmux') return session.tmux;
  const recorded = previous?.launcher === 'tmux' ? previous.tmux : undefined;
  return recorded === undefined || recorded.session === null ? undefined : recorded.server;
}

/** Closes everything recorded (tmux windows or session) and forgets it; the lines say what was closed. */
function closePrevious(root: string, run: CommandRunner): string[] {
  const result = closeRecordedTerminals(root, undefined, run);
  return result === null ? [] : describeClose(result).filter((line) => !line.startsWith('stackctl cannot close'));
}

/**
 * `stop`: closes what `--separate-terminals` opened — for `services` only their windows (what is
 * left stays recorded) — or null when nothing was recorded.
 */
export function closeRecordedTerminals(root: string, services?: readonly string[], run: CommandRunner = spawnRunner): CloseResult | null {
  const state = readTerminalState(root);
  if (state === undefined) return null;
  const result = closeOpenedTerminals(state, run, services === undefined || services.length === 0 ? undefined : services);
  if (result.remaining === undefined) clearTerminalState(root);
  else writeTerminalState(root, result.remaining);
  return result;
}

/** One line per window or session closed (or found gone, or failed), and the note for tabs stackctl cannot close. */
export function describeClose(result: CloseResult): string[] {
  return [
    ...result.closed.map((what) => `closed tmux ${what}`),
    ...result.alreadyGone.map((what) => `tmux ${what} was already closed`),
    ...result.failed.map((what) => `could not close tmux ${what}`),
    ...(result.note === undefined ? [] : [result.note]),
  ];
}

/** Opens the tabs and prints what happened; true when they opened (false: the caller shows the output here instead). */
export function showInTerminals(
  session: TerminalSession,
  config: ResolvedConfig,
  services: readonly string[],
  io: { readonly write: (text: string) => void; readonly palette: Palette },
): boolean {
  const outcome = openServiceTerminals(session, config, services);
  const style = outcome.warning ? io.palette.yellow : (text: string): string => text;
  if (outcome.lines.length > 0) io.write(`${outcome.lines.map(style).join('\n')}\n`);
  return outcome.opened;
}
