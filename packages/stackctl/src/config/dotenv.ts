// Reads dotenv text (dotenv) and expands ${VAR} / ${VAR:-default} (dotenv-expand) against a given scope, never process.env.
import { createRequire } from 'node:module';
import type * as Dotenv from 'dotenv';
import type * as DotenvExpand from 'dotenv-expand';

/** dotenv and dotenv-expand load on first use (they pull in node:crypto): a daemon whose services have no env files never needs them. */
let libraries: { readonly parse: typeof Dotenv.parse; readonly expand: typeof DotenvExpand.expand } | undefined;
function dotenvLibraries(): NonNullable<typeof libraries> {
  if (libraries === undefined) {
    const require = createRequire(import.meta.url);
    libraries = { parse: (require('dotenv') as typeof Dotenv).parse, expand: (require('dotenv-expand') as typeof DotenvExpand).expand };
  }
  return libraries;
}

/** A key no file defines: each value is expanded under it so dotenv-expand never sees it "already set". */
const PROBE = '__STACKCTL_DOTENV_VALUE__';

export interface ParseDotenvOptions {
  /** What `${VAR}` may refer to besides the file's earlier keys: the parent env and earlier files. */
  readonly scope?: Readonly<Record<string, string | undefined>>;
}

/**
 * Parses `KEY=value` lines (quotes, multi-line double-quoted values, `\n` in double quotes, `export `, comments)
 * and expands `${VAR}`, `$VAR`, `${VAR:-default}` and `${VAR:+alt}` in order: a value sees the keys above it
 * in the same file, then the scope. `\$` keeps a literal dollar. Single quotes do not stop expansion
 * (dotenv-expand's rule). Returns only the keys the text defines.
 */
export function parseDotenv(text: string, options: ParseDotenvOptions = {}): Record<string, string> {
  const lookup: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.scope ?? {})) if (value !== undefined) lookup[key] = value;
  const result: Record<string, string> = {};
  const { parse, expand } = dotenvLibraries();
  for (const [key, value] of Object.entries(parse(text))) {
    // One value at a time with a private key: dotenv-expand would otherwise let the scope override the file.
    const expanded = expand({ parsed: { [PROBE]: value }, processEnv: lookup }).parsed?.[PROBE] ?? value;
    delete lookup[PROBE];
    result[key] = expanded;
    lookup[key] = expanded;
  }
  return result;
}
