// The database client programs stackctl runs (sqlite3, psql, pg_dump, pg_restore): found on PATH, or how to install them.
import { findOnPath } from '../../../terminals/terminal-env.js';
import { StackctlError } from '../../../errors/index.js';

export type DbProgram = 'sqlite3' | 'psql' | 'pg_dump' | 'pg_restore';

/** Where each program comes from on Debian/Ubuntu and with Homebrew. */
const INSTALL: Readonly<Record<DbProgram, string>> = {
  sqlite3: 'install it: apt-get install sqlite3 (Debian/Ubuntu) or brew install sqlite (macOS)',
  psql: 'install the PostgreSQL client: apt-get install postgresql-client (Debian/Ubuntu) or brew install libpq && brew link --force libpq (macOS)',
  pg_dump: 'install the PostgreSQL client: apt-get install postgresql-client (Debian/Ubuntu) or brew install libpq && brew link --force libpq (macOS)',
  pg_restore: 'install the PostgreSQL client: apt-get install postgresql-client (Debian/Ubuntu) or brew install libpq && brew link --force libpq (macOS)',
};

/** The program's path; throws E_TOOL_NOT_FOUND naming the package to install, and why it is needed. */
export function requireDbProgram(program: DbProgram, env: Readonly<Record<string, string | undefined>>, purpose: string, extraHint?: string): string {
  const file = findOnPath(program, env, process.platform);
  if (file !== undefined) return file;
  throw new StackctlError('E_TOOL_NOT_FOUND', `${program} is not installed (needed ${purpose})`, {
    hint: extraHint === undefined ? INSTALL[program] : `${INSTALL[program]}; ${extraHint}`,
  });
}
