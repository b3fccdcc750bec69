// The environment a migration tool runs with: the caller's, plus DATABASE_URL with `${VAR}` filled from it and database.env_file.
import type { ResolvedDatabase } from '../../../config/types.js';
import { expandDatabaseUrl } from '../url-expansion.js';

/** `env` plus DATABASE_URL (database.url expanded) when the config has a url; the tool reads its own config otherwise. */
export function toolEnv(database: ResolvedDatabase, env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  if (database.url === null) return { ...env };
  return { ...env, DATABASE_URL: expandDatabaseUrl({ url: database.url, env, envFile: database.envFile }) };
}
