// Loads stackctl.config.ts / .js: the default export, or what a default-exported function returns, is the config.
import { readConfigText, unreadableSource } from './config-file-read.js';
import { moduleLocator } from './module-locator.js';
import { moduleTimeoutMs, runConfigModule } from './module-thread.js';
import { importsOnlyConfigApi } from './stackctl-imports.js';
import type { ParsedSource } from './problem.js';

export interface ModuleSourceOptions {
  /** Default: STACKCTL_CONFIG_TIMEOUT_MS, else 10 s. */
  readonly timeoutMs?: number;
}

/**
 * The module runs in a worker thread within a time limit (see module-thread.ts); every way it can
 * fail comes back as a problem, placed at the line the error points at. Problems in the exported
 * data are placed by finding their keys in the source text (see module-locator.ts).
 */
export async function loadModuleSource(file: string, options: ModuleSourceOptions = {}): Promise<ParsedSource> {
  const read = await readConfigText(file);
  if (!read.ok) return unreadableSource(read);
  const locator = moduleLocator(read.text);
  const request = { file, lightStackctl: importsOnlyConfigApi(read.text) };
  const outcome = await runConfigModule(request, options.timeoutMs ?? moduleTimeoutMs());
  if (outcome.kind === 'failed') {
    const position = outcome.position === undefined ? {} : { position: outcome.position };
    const cause = outcome.stack === undefined ? undefined : Object.assign(new Error(outcome.message), { stack: outcome.stack });
    return { raw: undefined, locator, problems: [{ path: [], message: outcome.message, ...position }], cause };
  }
  return { raw: outcome.value, locator, problems: outcome.problems.map((problem) => ({ ...problem })) };
}
