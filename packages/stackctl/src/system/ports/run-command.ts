// Runs a system tool (lsof, netstat) and returns its stdout, treating "exit 1, nothing found" as output.
import { execFile } from 'node:child_process';
import { StackctlError } from '../../errors/index.js';

/** Runs `file` with `args`; resolves its stdout. Injected so inspectors are tested without the tool. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<string>;

const TIMEOUT_MS = 10_000;

/**
 * The real runner. lsof exits 1 when no socket matches, so a non-zero exit still yields stdout;
 * only a tool that cannot start (not installed) or times out is an error.
 */
export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    const options = {
      encoding: 'utf8' as const,
      timeout: TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, LC_ALL: 'C' },
    };
    execFile(file, [...args], options, (error, stdout) => {
      const failedToRun = error !== null && (typeof error.code === 'string' || error.killed);
      if (!failedToRun) {
        resolve(stdout);
        return;
      }
      reject(
        new StackctlError('E_INTERNAL', `could not run ${file} to list listening ports`, {
          hint: `check that ${file} is installed and on PATH`,
          cause: error,
        }),
      );
    });
  });
