// Loads stackctl.config.ts / .js with jiti: the default export, or what a default-exported function returns, is the config.
import { createJiti } from 'jiti';
import { NO_POSITIONS, type ParsedSource } from './problem.js';

export async function loadModuleSource(file: string): Promise<ParsedSource> {
  // No module cache: a reload must see the file as it is now.
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: false });
  let exported: unknown;
  try {
    const namespace = await jiti.import<Record<string, unknown>>(file);
    exported = namespace.default;
    if (typeof exported === 'function') exported = await (exported as () => unknown)();
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n', 1)[0] ?? error.message) : String(error);
    const problem = { path: [], message: `cannot load the module: ${message}` };
    return { raw: undefined, locator: NO_POSITIONS, problems: [problem], cause: error };
  }
  if (exported === undefined) {
    const message = 'has no default export; write `export default defineConfig({ services: { … } })`';
    return { raw: undefined, locator: NO_POSITIONS, problems: [{ path: [], message }] };
  }
  return { raw: exported, locator: NO_POSITIONS, problems: [] };
}
