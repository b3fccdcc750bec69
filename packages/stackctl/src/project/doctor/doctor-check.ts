// The doctor's vocabulary: a check, what it finds (status, message, fix), and the context every check reads.
import type { ConfigProblem } from '../../config/problem.js';
import type { ResolvedConfig } from '../../config/types.js';
import type { PortInspector } from '../../system/ports/port-inspector.js';
import type { ProcessTable } from '../../system/process-table/process-table.js';

export type FindingStatus = 'ok' | 'warn' | 'fail';

/** One thing a check found: what it saw and, when something is wrong, how to fix it. */
export interface Finding {
  readonly status: FindingStatus;
  /** One line: what was checked and what was seen. */
  readonly message: string;
  /** One line: the command or step that fixes it; null when nothing needs fixing. */
  readonly fix: string | null;
  /**
   * A safe fix `--fix` may apply by itself (remove a stale file, chmod, a .gitignore line).
   * Checks its premise again before acting; resolves with what it did, throws when it could not.
   */
  readonly repair?: () => string | Promise<string>;
}

/** What loading the config gave: the config, or why there is none. */
export type ConfigState =
  | { readonly kind: 'loaded'; readonly config: ResolvedConfig; readonly warnings: readonly ConfigProblem[] }
  /** The config file exists but has errors (every problem, with file, line and column). */
  | { readonly kind: 'invalid'; readonly file: string; readonly root: string; readonly problems: readonly ConfigProblem[] }
  | { readonly kind: 'not-found'; readonly message: string; readonly hint: string | null }
  /** Found, but it could not be read at all (an unreadable file, a TS config that throws). */
  | { readonly kind: 'error'; readonly file: string | null; readonly root: string | null; readonly message: string; readonly hint: string | null };

/** What a check may read: the project, this machine, and the OS seams (replaceable in tests). */
export interface DoctorContext {
  /** The working folder: displayed paths are relative to it. */
  readonly cwd: string;
  /** The environment stackctl runs in (PATH, database URL variables…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly configState: ConfigState;
  /** The loaded config; null when it did not load (checks that need it are not run then). */
  readonly config: ResolvedConfig | null;
  /** The folder that holds the config (and `.stackctl/`), known even when the config is invalid. */
  readonly root: string | null;
  /** This machine's Node.js version, such as `20.11.1`. */
  readonly nodeVersion: string;
  readonly platform: NodeJS.Platform;
  /** Epoch ms. */
  readonly now: () => number;
  /** The user's home folder (shown as `~`), or null. */
  readonly home: string | null;
  /** Who listens on which port; null where stackctl cannot tell on this OS. */
  readonly portInspector: () => PortInspector | null;
  /** The OS process table; null where stackctl cannot read it on this OS. */
  readonly processTable: () => ProcessTable | null;
  /** Free-space limits of the disk check, in bytes. */
  readonly disk: { readonly failBelow: number; readonly warnBelow: number };
  /** How long the database check may take in all. */
  readonly databaseTimeoutMs: number;
}

/** What a check needs before it can run: the loaded config, the project's folder only, or nothing. */
export type CheckNeeds = 'config' | 'root' | 'nothing';

/** One independent check of `stackctl doctor`. */
export interface DoctorCheck {
  /** Stable, kebab-case: `config`, `ports`, `run-records`… (`stackctl doctor <id>` runs only it). */
  readonly id: string;
  /** What it checks, in a few words. */
  readonly title: string;
  readonly needs: CheckNeeds;
  /** Never meant to throw; when it does, the runner reports a `warn` saying why it could not run. */
  run(ctx: DoctorContext): Promise<Finding[]>;
}
