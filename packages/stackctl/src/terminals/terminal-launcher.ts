// The terminal launcher interface: one implementation per terminal program, each planning (purely) the commands that open a tab per service.
import type { TerminalState } from './terminal-state.js';

/** Every terminal stackctl can open service tabs in; the values of `--terminal`. */
export const TERMINAL_IDS = ['tmux', 'vscode', 'macos-terminal', 'iterm2', 'gnome-terminal', 'konsole', 'windows-terminal'] as const;

export type TerminalId = (typeof TERMINAL_IDS)[number];

/** What detection and planning may look at: injected, so both are unit-tested without the real machine. */
export interface TerminalEnv {
  /** Environment variables (TMUX, TERM_PROGRAM, DISPLAY, WT_SESSION, …). */
  readonly vars: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** The full path of `program` when it is on PATH and executable. */
  which(program: string): string | undefined;
  /** A text file's content, or undefined when it does not exist (the VS Code launcher merges into tasks.json). */
  readTextFile(file: string): string | undefined;
}

/** Where tmux commands go: `-S path` wins over `-L name`; `-f file` only matters when the server starts. */
export interface TmuxServerOptions {
  readonly socketName?: string;
  readonly socketPath?: string;
  readonly configFile?: string;
}

export interface LaunchService {
  readonly name: string;
  /** The argv the tab runs, for example `[node, /path/bin/stackctl.cjs, -c, /path/stackctl.yaml, logs, -f, api]`. */
  readonly command: readonly string[];
}

export interface LaunchRequest {
  readonly project: string;
  /** The folder holding the config: tabs start there, `.vscode/` and `.stackctl/` live there. */
  readonly projectRoot: string;
  readonly services: readonly LaunchService[];
  readonly tmux?: TmuxServerOptions;
}

/** Run a program (argv, never a shell). */
export interface RunStep {
  readonly kind: 'run';
  readonly argv: readonly string[];
  /** The step prints the tmux window id it opened for this service (`-P -F '#{window_id}'`). */
  readonly opensWindowFor?: string;
  /** Needs the user's terminal (stdin/stdout inherited), like `tmux attach`. */
  readonly interactive?: boolean;
}

/** Write a file atomically (temp file + rename), creating its folder. */
export interface WriteFileStep {
  readonly kind: 'write-file';
  readonly path: string;
  readonly content: string;
}

export type LaunchStep = RunStep | WriteFileStep;

export interface LaunchPlan {
  readonly launcher: TerminalId;
  readonly steps: readonly LaunchStep[];
  /** What was chosen and what it will open, one line. */
  readonly summary: string;
  /** How to reach the tabs (attach, run the task), one line. */
  readonly hint: string;
  /** What to record in `.stackctl/terminals.json`; executing the plan fills in the tmux window ids. */
  readonly record: TerminalState;
}

export interface TerminalLauncher {
  readonly id: TerminalId;
  /** Human name, for example "GNOME Terminal". */
  readonly label: string;
  /** What it needs, said when it is not usable: "tmux on PATH". */
  readonly requires: string;
  /** The program is present and usable here. */
  detect(env: TerminalEnv): boolean;
  /** The steps that open one tab per service. Pure: reads only the request and the injected env. */
  plan(request: LaunchRequest, env: TerminalEnv): LaunchPlan;
}
