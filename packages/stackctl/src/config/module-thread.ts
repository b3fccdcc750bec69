// Runs a TS/JS config in a worker thread within a time limit, and answers with its export or why there is none.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModuleOutcome, ModuleRequest, ModuleStarted } from './module-outcome.js';

/** How long a config module may take to load; STACKCTL_CONFIG_TIMEOUT_MS overrides it. */
export const DEFAULT_MODULE_TIMEOUT_MS = 10_000;
export const MODULE_TIMEOUT_ENV = 'STACKCTL_CONFIG_TIMEOUT_MS';

/** A heap cap for the config's thread: a config that builds without end fails alone instead of taking stackctl down. */
const WORKER_HEAP_MB = 512;

/** The time limit: STACKCTL_CONFIG_TIMEOUT_MS when it is a positive whole number, else 10 s. */
export function moduleTimeoutMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env[MODULE_TIMEOUT_ENV]);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MODULE_TIMEOUT_MS;
}

export async function runConfigModule(request: ModuleRequest, timeoutMs: number): Promise<ModuleOutcome> {
  const workerData = request;
  const worker = startWorker(workerData);
  try {
    return await new Promise<ModuleOutcome>((resolve) => {
      const expire = (): void => {
        resolve(failed(`did not finish loading within ${formatLimit(timeoutMs)}: a top-level await or the default export's promise has not settled, or the module is stuck in a loop (${MODULE_TIMEOUT_ENV} sets the limit in milliseconds)`));
      };
      // The thread's own start (a busy machine can make it slow) is not the config's time: the limit starts again when it begins.
      let timer = setTimeout(expire, timeoutMs);
      let settled = false;
      const settle = (outcome: ModuleOutcome): void => {
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      worker.on('message', (message: ModuleOutcome | ModuleStarted) => {
        if (message.kind !== 'started') {
          settle(message);
        } else if (!settled) {
          clearTimeout(timer);
          timer = setTimeout(expire, timeoutMs);
        }
      });
      worker.once('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle(failed(`ran out of memory while loading (more than ${WORKER_HEAP_MB} MB)`));
        else settle(failed(`could not be loaded: ${error.message}`, error.stack));
      });
      // Ending without an answer (and without calling process.exit, which answers first): nothing was left to wait for.
      worker.once('exit', (code) => {
        const never = "never finished loading: a top-level await or the default export's promise waits for something that can never happen";
        settle(failed(code === 0 ? never : `stopped while loading (exit code ${code})`));
      });
    });
  } finally {
    worker.removeAllListeners();
    // Whatever the config left running (a timer, a server) ends with its thread.
    await worker.terminate();
  }
}

function failed(message: string, stack?: string): ModuleOutcome {
  return { kind: 'failed', message, ...(stack === undefined ? {} : { stack }) };
}

function formatLimit(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * The compiled worker (dist/config/module-worker.js) runs as it is; the daemon's bundle lives in
 * dist/daemon-bundle/, hence `../config/`. From the TypeScript sources (tests), the worker's
 * module is loaded through jiti, which is there for the config anyway.
 */
function startWorker(workerData: ModuleRequest): Worker {
  const options = { workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  const compiled = new URL('../config/module-worker.js', import.meta.url);
  if (fs.existsSync(compiled)) return new Worker(compiled, options);
  const source = fileURLToPath(new URL('../config/module-worker.ts', import.meta.url));
  const jiti = createRequire(import.meta.url).resolve('jiti');
  const bootstrap = `require(${JSON.stringify(jiti)}).createJiti(${JSON.stringify(source)}).import(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
