// Processes a test starts itself, outside any engine and in the test runner's process group: a port holder, a pid to reuse.
import { spawn } from 'node:child_process';

/**
 * Spawns `argv` (say `nodeFixture('health-after-delay', port, 0)`), adds its pid to `pids` at once
 * (for `killPidsAndClear` after the test), and resolves with the pid once its stdout shows `ready`
 * (any output when empty); rejects when it fails to start or exits first.
 */
export function spawnStranger(argv: readonly string[], pids: Set<number>, ready = ''): Promise<number> {
  const [file = '', ...args] = argv;
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  if (child.pid !== undefined) pids.add(child.pid);
  return new Promise<number>((resolve, reject) => {
    let seen = '';
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${argv.join(' ')} exited (${code ?? signal}) before it was ready`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes(ready)) resolve(child.pid ?? 0);
    });
  });
}
