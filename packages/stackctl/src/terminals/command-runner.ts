// How launch steps run a program: injected (tests pass fakes); the default is spawnSync on an argv, never a shell.
import { spawnSync } from 'node:child_process';

export interface RunResult {
  /** Exit status, or null when the program could not start or was killed. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started at all (for example ENOENT). */
  readonly error?: Error;
}

export interface RunOptions {
  /** Inherit this process's stdin/stdout/stderr (for `tmux attach`); nothing is captured. */
  readonly interactive?: boolean;
}

export type CommandRunner = (argv: readonly string[], options?: RunOptions) => RunResult;

/** Terminal programs return as soon as the tab is open; one that hangs (a permission prompt) is given up after this. */
const STEP_TIMEOUT_MS = 30_000;

export const spawnRunner: CommandRunner = (argv, options = {}) => {
  const [program, ...args] = argv;
  if (program === undefined) return { status: null, stdout: '', stderr: '', error: new Error('empty command') };
  const result = spawnSync(program, args, {
    encoding: 'utf8',
    stdio: options.interactive === true ? 'inherit' : 'pipe',
    timeout: options.interactive === true ? undefined : STEP_TIMEOUT_MS,
    windowsHide: true,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ...(result.error === undefined ? {} : { error: result.error }) };
};
