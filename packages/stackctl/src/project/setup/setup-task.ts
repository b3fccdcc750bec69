// The tasks `stackctl setup` runs (dependencies, `setup:` commands, env files, migrations), their results and progress events.
import type { MigrationTool } from '../../config/types.js';

export type TaskKind = 'deps' | 'setup' | 'env' | 'migrations';

/** done: it ran and succeeded; skipped: up to date (or not run, see reason); failed: see reason. */
export type TaskStatus = 'done' | 'skipped' | 'failed';

/** One command of a task: a shell string (run with /bin/sh -c) or an argv list (run directly). */
export interface TaskStep {
  readonly command: string | readonly string[];
  /** How it is shown (dry run, log): relative paths, no quoting noise. */
  readonly display: string;
  /** The step is left out when this path exists (`python3 -m venv .venv` only once). */
  readonly unlessExists?: string;
}

/** A program the task needs that is not on PATH: the task fails with this, without running. */
export interface MissingProgram {
  readonly program: string;
  /** How to install it, such as `corepack enable pnpm`. */
  readonly install: string;
}

interface TaskBase {
  /** Unique and file-name safe: `deps-root-npm`, `setup-worker`, `env-.env`, `migrations`. */
  readonly id: string;
  /** As shown: `deps: . (npm)`, `setup: worker`, `env: .env`, `migrations (builtin)`. */
  readonly name: string;
  readonly kind: TaskKind;
  /** npm, pnpm, yarn, bun, uv, poetry, pip, setup, dotenv, or the migration tool. */
  readonly tool: string;
  /** The services the task is for (several for a workspace's shared lockfile; none for project-wide tasks). */
  readonly services: readonly string[];
}

/** Installs dependencies or runs a service's `setup:` commands: real processes, in `cwd`. */
export interface ProcessTask extends TaskBase {
  readonly kind: 'deps' | 'setup';
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly steps: readonly TaskStep[];
  /** Files whose content makes the fingerprint (absolute; a missing one counts as missing). */
  readonly inputs: readonly string[];
  /** The command line the fingerprint includes; the same across runs (npm ci and npm install are one). */
  readonly commandKey: string;
  /** The folder the install fills (node_modules, .venv): a task whose folder is gone runs again. Null: none. */
  readonly output: string | null;
  /** npm only: this package-lock.json, older than node_modules/.package-lock.json, counts as installed. */
  readonly npmLockfile: string | null;
  readonly missing: MissingProgram | null;
}

/** Creates or completes a dotenv file from the example beside it. */
export interface EnvTask extends TaskBase {
  readonly kind: 'env';
  readonly file: string;
  readonly example: string;
}

/** Applies the database's pending migrations (after every other task succeeded). */
export interface MigrationTask extends TaskBase {
  readonly kind: 'migrations';
  readonly tool: MigrationTool;
}

export type SetupTask = ProcessTask | EnvTask | MigrationTask;

export interface TaskResult {
  readonly status: TaskStatus;
  readonly durationMs: number;
  /** Why it was skipped (`up to date`, `not run: …`) or failed; for done tasks, what it did (or null). */
  readonly reason: string | null;
  /** The last lines of its output (at most OUTPUT_TAIL_LINES). */
  readonly outputTail: readonly string[];
}

export type SetupEvent =
  | { readonly type: 'start'; readonly task: SetupTask; readonly at: number }
  | { readonly type: 'output'; readonly task: SetupTask; readonly line: string }
  | { readonly type: 'end'; readonly task: SetupTask; readonly result: TaskResult };

/** Lines of output kept per task for the failure summary and `--json`. */
export const OUTPUT_TAIL_LINES = 20;

/** The reason of a skipped task that had nothing to do. */
export const UP_TO_DATE = 'up to date';
