// Whether a config module's imports from 'stackctl' are all served by the light config API (config-module-api.ts).
import * as configModuleApi from './config-module-api.js';

const LIGHT_NAMES = new Set(Object.keys(configModuleApi));

/*
 * The library's entry point loads the whole engine (~200 ms in a fresh thread); a config needs
 * defineConfig at most. So 'stackctl' is mapped to the light module when every mention of it in
 * the source is an `import { … } from 'stackctl'` (or `import type …`) naming only what the light
 * module has. Anything else (`import * as`, a default import, `require`, a dynamic import, a
 * re-export, another name) keeps the full library.
 */
export function importsOnlyConfigApi(source: string): boolean {
  const mentions = source.match(/(['"])stackctl(?:\/[^'"]*)?\1/g)?.length ?? 0;
  if (mentions === 0) return true;
  const statement = /\bimport\s+(type\s+)?\{([^}]*)\}\s*from\s*(['"])stackctl\3/g;
  let served = 0;
  for (const match of source.matchAll(statement)) {
    const typeOnly = match[1] !== undefined;
    const names = (match[2] ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '' && !part.startsWith('type '))
      .map((part) => part.split(/\s+as\s+/)[0]?.trim() ?? '');
    if (!typeOnly && !names.every((name) => LIGHT_NAMES.has(name))) return false;
    served += 1;
  }
  return served === mentions;
}
