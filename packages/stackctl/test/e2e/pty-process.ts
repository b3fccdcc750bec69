// Runs the built CLI in a real pseudo-terminal (util-linux `script`): the test types into it and reads what it shows.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { quotePosix } from '../../src/terminals/index.js';
import { CLI_PATH } from './cli-process.js';

export const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

export interface PtyRun {
  /** The `script` process holding the terminal (the CLI is its grandchild). */
  readonly child: ChildProcess;
  output(): string;
  /** Types into the terminal: `\u0003` is Ctrl+C. */
  type(text: string): void;
  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** The CLI's exit code (`script -e` passes it on). */
  readonly exited: Promise<number>;
}

/**
 * `script -qec "exec <node> <cli> args…" /dev/null`: the CLI's stdin, stdout and stderr are the pty's slave side.
 * `exec` makes the CLI the shell's replacement whatever $SHELL is: dash would otherwise stay between script and
 * the CLI, die of the terminal's Ctrl+C and hand its 130 to script.
 */
export function startCliInPty(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): PtyRun {
  const command = `exec ${[process.execPath, CLI_PATH, ...args].map(quotePosix).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const waiters = new Set<() => void>();
  const take = (chunk: string): void => {
    out += chunk;
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', take);
  child.stderr.setEncoding('utf8').on('data', take);
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))));
  return {
    child,
    output: () => out,
    type: (text) => child.stdin.write(text),
    exited,
    waitForOutput: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const matches = (): boolean => (typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out));
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${String(pattern)} in the terminal\n--- terminal ---\n${out.slice(-3000)}`));
        }, timeoutMs);
        const check = (): void => {
          if (!matches()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
  };
}
