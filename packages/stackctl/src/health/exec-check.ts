// Exec health check: runs a command in the service's cwd and env, in its own process group; exit 0 is healthy.
import type { HealthCheckSpec } from '../config/types.js';
import type { ChildHandle, Platform } from '../system/platform.js';
import { errorDetail, type HealthChecker, type HealthResult } from './health-checker.js';
import { abortDetail } from './http-check.js';

type ExecSpec = Extract<HealthCheckSpec, { kind: 'exec' }>;

/** How much of the check's output is kept for the detail. */
const OUTPUT_TAIL_CHARS = 200;

export function createExecChecker(platform: Platform): HealthChecker<ExecSpec> {
  return {
    async check(spec, { cwd, env, signal }) {
      if (signal.aborted) return { ok: false, detail: abortDetail(signal) };
      let child: ChildHandle;
      try {
        child = platform.spawn({ command: spec.command, cwd, env });
      } catch (error) {
        return { ok: false, detail: errorDetail(error) };
      }
      let tail = '';
      const keepTail = (chunk: Buffer): void => {
        tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
      };
      child.stdout.on('data', keepTail);
      child.stderr.on('data', keepTail);
      // On timeout the whole group goes, so a check that forked helpers leaves nothing behind.
      const onAbort = (): void => {
        platform.signalGroup(child.pid, 'SIGKILL');
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const status = await child.exited;
        if (signal.aborted) return { ok: false, detail: abortDetail(signal) };
        // Helpers the check left running in the background are not wanted either.
        platform.signalGroup(child.pid, 'SIGKILL');
        const output = lastLine(tail);
        const how = status.signal === null ? `exit code ${status.code ?? 'unknown'}` : `killed by ${status.signal}`;
        return { ok: status.code === 0, detail: output === '' ? how : `${how}: ${output}` } satisfies HealthResult;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}
