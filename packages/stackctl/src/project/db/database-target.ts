// Turns the config's database.url into a DatabaseTarget: ${VAR} expansion, then sqlite: or postgres:// parsing.
import path from 'node:path';
import type { ResolvedConfig } from '../../config/types.js';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseTarget } from './database-types.js';
import { expandDatabaseUrl } from './url-expansion.js';

export const SQLITE_MEMORY = ':memory:';

/**
 * Expands ${VAR} / ${VAR:-default} in database.url from env (wins) then database.envFile (dotenv, may be missing), parses it.
 * sqlite:./data/app.db | sqlite:///abs/path.db | sqlite::memory: (relative to the config's folder); postgres:// or postgresql://.
 * Throws E_DATABASE_NOT_CONFIGURED when there is no database:, no url, or a ${VAR} without a value.
 */
export function resolveDatabaseTarget(config: ResolvedConfig, env: Readonly<Record<string, string | undefined>>): DatabaseTarget {
  const database = config.database;
  if (database === undefined) {
    throw new StackctlError('E_DATABASE_NOT_CONFIGURED', `${config.configPath} has no database: section`, {
      hint: 'add `database: { url: sqlite:./data/app.db }` (or a postgres:// URL) to the config',
    });
  }
  if (database.url === null) {
    throw new StackctlError('E_DATABASE_NOT_CONFIGURED', `database.url is not set in ${config.configPath}`, {
      hint: 'add `url: sqlite:./data/app.db` or `url: postgres://user@127.0.0.1:5432/app` under database:',
    });
  }
  const url = expandDatabaseUrl({ url: database.url, env, envFile: database.envFile });
  return parseDatabaseUrl(url, path.dirname(config.configPath));
}

/** Parses an expanded URL; relative SQLite paths are resolved against `root`. */
export function parseDatabaseUrl(url: string, root: string): DatabaseTarget {
  if (/^sqlite:/i.test(url)) return { kind: 'sqlite', file: sqliteFile(url, root) };
  if (/^postgres(?:ql)?:\/\//i.test(url)) return postgresTarget(url);
  throw new StackctlError('E_CONFIG_INVALID', `database.url must be a sqlite: or postgres:// URL, not ${redactUrl(url)}`, {
    hint: 'use sqlite:./data/app.db or postgres://user:password@127.0.0.1:5432/app',
  });
}

function sqliteFile(url: string, root: string): string {
  let rest = url.slice('sqlite:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === SQLITE_MEMORY) return SQLITE_MEMORY;
  if (rest === '') {
    throw new StackctlError('E_CONFIG_INVALID', 'database.url sqlite: has no file path', {
      hint: 'write sqlite:./data/app.db (relative to the config) or sqlite:///absolute/path.db',
    });
  }
  return path.resolve(root, rest);
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new StackctlError('E_CONFIG_INVALID', `database.url is not a valid URL: ${redactUrl(url)}`, {
      cause: error,
      hint: 'percent-encode special characters in the user and password (@ as %40, / as %2F, : as %3A)',
    });
  }
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user || 'postgres';
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const address = `${host}:${parsed.port || '5432'}`;
  return { kind: 'postgres', url, database, address };
}

/** The URL with its password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/** A short description for messages: `SQLite /abs/app.db` or `PostgreSQL app at 127.0.0.1:5432`. */
export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `SQLite ${target.file}` : `PostgreSQL database ${target.database} at ${target.address}`;
}
