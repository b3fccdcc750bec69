// Terminal detection: which launcher `--separate-terminals` uses here (or the one `--terminal` names), and why, or why none.
import { StackctlError } from '../errors/index.js';
import { LAUNCHERS, launcherFor } from './launchers.js';
import { TERMINAL_IDS, type TerminalEnv, type TerminalId, type TerminalLauncher } from './terminal-launcher.js';

export interface TriedLauncher {
  readonly id: TerminalId;
  readonly usable: boolean;
  readonly requires: string;
}

export type LauncherChoice =
  | {
      readonly kind: 'chosen';
      readonly launcher: TerminalLauncher;
      /** Why: "inside tmux (TMUX is set)", "requested with --terminal". */
      readonly because: string;
      /** One line for the user: what was chosen and how to pick another. */
      readonly message: string;
    }
  | {
      /** Nothing usable (or the requested one is not): the caller falls back to one combined output. */
      readonly kind: 'unavailable';
      readonly requested: TerminalId | undefined;
      readonly message: string;
      readonly hint: string;
      readonly tried: readonly TriedLauncher[];
    };

interface Rule {
  readonly id: TerminalId;
  /** Why this launcher fits here, or undefined when the rule does not apply. */
  readonly applies: (env: TerminalEnv) => string | undefined;
}

const set = (value: string | undefined): boolean => value !== undefined && value !== '';

/** First applying rule whose launcher is usable wins: the terminal we are in, then tmux, then a desktop terminal. */
const RULES: readonly Rule[] = [
  { id: 'tmux', applies: (env) => (set(env.vars.TMUX) ? 'inside tmux (TMUX is set)' : undefined) },
  { id: 'vscode', applies: (env) => (env.vars.TERM_PROGRAM === 'vscode' ? 'in a VS Code or Cursor terminal (TERM_PROGRAM=vscode)' : undefined) },
  { id: 'iterm2', applies: (env) => (env.vars.TERM_PROGRAM === 'iTerm.app' ? 'in iTerm2 (TERM_PROGRAM=iTerm.app)' : undefined) },
  { id: 'macos-terminal', applies: (env) => (env.platform === 'darwin' ? 'on macOS' : undefined) },
  { id: 'windows-terminal', applies: (env) => (set(env.vars.WT_SESSION) ? 'in Windows Terminal (WT_SESSION is set)' : undefined) },
  { id: 'konsole', applies: (env) => (set(env.vars.KONSOLE_VERSION) ? 'in Konsole (KONSOLE_VERSION is set)' : undefined) },
  {
    id: 'gnome-terminal',
    applies: (env) => (set(env.vars.GNOME_TERMINAL_SCREEN) || set(env.vars.GNOME_TERMINAL_SERVICE) ? 'in GNOME Terminal' : undefined),
  },
  { id: 'tmux', applies: () => 'tmux is installed (a detached session)' },
  { id: 'gnome-terminal', applies: () => 'a desktop session with GNOME Terminal' },
  { id: 'konsole', applies: () => 'a desktop session with Konsole' },
  { id: 'windows-terminal', applies: (env) => (env.platform === 'win32' ? 'on Windows with Windows Terminal' : undefined) },
];

const choices = `--terminal ${TERMINAL_IDS.join('|')}`;

/** Throws E_USAGE for a `--terminal` value that names no launcher. */
export function chooseLauncher(env: TerminalEnv, requested?: string): LauncherChoice {
  const tried = LAUNCHERS.map((launcher) => ({ id: launcher.id, usable: launcher.detect(env), requires: launcher.requires }));
  if (requested !== undefined) {
    const launcher = launcherFor(requested);
    if (launcher === undefined) {
      throw new StackctlError('E_USAGE', `unknown terminal "${requested}"`, { hint: `pick one of: ${choices}` });
    }
    if (launcher.detect(env)) return chosen(launcher, 'requested with --terminal', tried);
    return {
      kind: 'unavailable',
      requested: launcher.id,
      message: `${launcher.label} cannot be used here: it needs ${launcher.requires}`,
      hint: fallbackHint(tried),
      tried,
    };
  }
  for (const rule of RULES) {
    const because = rule.applies(env);
    const launcher = LAUNCHERS.find((candidate) => candidate.id === rule.id);
    if (because !== undefined && launcher !== undefined && launcher.detect(env)) return chosen(launcher, because, tried);
  }
  return {
    kind: 'unavailable',
    requested: undefined,
    message: `no terminal found to open a tab per service (not inside tmux or VS Code; tried ${tried
      .filter((entry) => entry.id !== 'vscode')
      .map((entry) => `${entry.id}: needs ${entry.requires}`)
      .join('; ')})`,
    hint: fallbackHint(tried),
    tried,
  };
}

function chosen(launcher: TerminalLauncher, because: string, tried: readonly TriedLauncher[]): LauncherChoice {
  const others = tried.filter((entry) => entry.usable && entry.id !== launcher.id).map((entry) => entry.id);
  const pick = others.length === 0 ? '' : `; pick another with --terminal ${others.join('|')}`;
  return { kind: 'chosen', launcher, because, message: `separate terminals: ${launcher.label}, ${because}${pick}` };
}

function fallbackHint(tried: readonly TriedLauncher[]): string {
  const usable = tried.filter((entry) => entry.usable).map((entry) => entry.id);
  return `showing every service's output here instead; install tmux, or pick one that works here with --terminal ${usable.join('|')}`;
}
