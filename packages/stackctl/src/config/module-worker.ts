// Runs in a worker thread: loads a TS/JS config with jiti, awaits its default export and posts it back as plain data.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { createJiti } from 'jiti';
import type { ModuleOutcome, ModuleRequest, ModuleStarted } from './module-outcome.js';
import { toPlainData } from './plain-data.js';
import { errorPosition, type TransformedModule } from './stack-position.js';
import { cachedTransform, type Transform } from './transform-cache.js';

/*
 * A worker thread, so that what a config does cannot end or stall stackctl: `process.exit()` here
 * ends this thread only (it is reported first), a promise that never settles leaves the thread
 * with nothing to do (the main thread sees it end without an answer), and a loop is cut by the
 * main thread's time limit (see module-thread.ts).
 */

const { file, lightStackctl } = workerData as ModuleRequest;
let answered = false;
let transformed: TransformedModule | undefined;

function answer(outcome: ModuleOutcome): void {
  if (answered) return;
  answered = true;
  parentPort?.postMessage(outcome);
}

function fail(message: string, error?: unknown): void {
  const position = errorPosition(error, file, transformed);
  const stack = error instanceof Error ? error.stack : undefined;
  answer({ kind: 'failed', message, ...(position === undefined ? {} : { position }), ...(stack === undefined ? {} : { stack }) });
}

/** `an error: boom`, `TypeError: x is not a function`, `the value "nope"`. */
function describeError(error: unknown): string {
  return error instanceof Error && error.name === 'Error' ? `an error: ${firstLine(error.message)}` : errorText(error);
}

/** `Error: boom`, `TypeError: x is not a function`, `the value "nope"`. */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${firstLine(error.message)}` : `the value ${firstLine(safeString(error))}`;
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? text).trim();
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  fail(`called process.exit(${code ?? ''}) while loading; a config must not end the process`, new Error('process.exit'));
  realExit(code ?? undefined);
}) as typeof process.exit;
process.on('uncaughtException', (error) => {
  fail(`failed while loading: uncaught ${errorText(error)}`, error);
  realExit(1);
});
process.on('unhandledRejection', (reason) => {
  fail(`failed while loading: a promise was rejected and nothing handled it: ${errorText(reason)}`, reason);
  realExit(1);
});

/** The light config API beside this file: compiled (.js), or the source when run from the sources (.ts). */
function configModuleApi(): string {
  const compiled = fileURLToPath(new URL('./config-module-api.js', import.meta.url));
  return fs.existsSync(compiled) ? compiled : fileURLToPath(new URL('./config-module-api.ts', import.meta.url));
}

async function load(): Promise<void> {
  const transform = cachedTransform(createJiti(import.meta.url).options.transform as Transform);
  // No module cache (a reload must see the file as it is now); source maps, so errors point at the source.
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    interopDefault: false,
    sourceMaps: true,
    ...(lightStackctl ? { alias: { stackctl: configModuleApi() } } : {}),
    transform: (options) => {
      const result = transform(options);
      if (options.filename === file) transformed = { code: result.code, async: options.async === true };
      return result;
    },
  });
  parentPort?.postMessage({ kind: 'started' } satisfies ModuleStarted);
  let namespace: Record<string, unknown>;
  try {
    namespace = await jiti.import<Record<string, unknown>>(file);
  } catch (error) {
    const syntax = error instanceof Error && (error.message.startsWith('ParseError:') || error.name === 'SyntaxError');
    fail(syntax ? `syntax error: ${firstLine(error.message.replace(/^ParseError: /, ''))}` : `threw ${describeError(error)}`, error);
    return;
  }
  let exported: unknown = namespace.default;
  if (exported === undefined) {
    fail('has no default export; write `export default defineConfig({ services: { … } })`');
    return;
  }
  try {
    if (typeof exported === 'function') exported = await (exported as () => unknown)();
    else if (isThenable(exported)) exported = await exported;
  } catch (error) {
    const what = typeof namespace.default === 'function' ? 'the default-exported function failed' : 'the default export is a promise that was rejected';
    fail(`${what}: ${describeError(error)}`, error);
    return;
  }
  const plain = toPlainData(exported);
  answer({ kind: 'value', value: plain.value, problems: plain.problems });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

load().catch((error: unknown) => fail(`could not be loaded: ${describeError(error)}`, error));
