// `db shell`: sqlite3 or psql on the project's database, on this terminal, with any extra arguments passed on.
import type { ResolvedConfig } from '../../../config/types.js';
import { resolveDatabaseTarget } from '../index.js';
import { runToolProcess } from '../presets/index.js';
import { requireDbProgram } from './db-programs.js';
import { pgConnection } from './pg-connection.js';
import { assertSqliteFileExists } from './target-label.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ShellOptions {
  /** Arguments after `--`, given to sqlite3/psql after the database. */
  readonly args?: readonly string[];
}

/** Runs the client with this terminal's stdin/stdout/stderr and resolves with its exit code. */
export async function openDatabaseShell(config: ResolvedConfig, env: Env, options: ShellOptions = {}): Promise<number> {
  const target = resolveDatabaseTarget(config, env);
  const extra = options.args ?? [];
  if (target.kind === 'sqlite') {
    assertSqliteFileExists(target);
    const sqlite3 = requireDbProgram('sqlite3', env, 'for `stackctl db shell` on a SQLite database');
    const result = await runToolProcess({ file: sqlite3, args: [target.file, ...extra], cwd: config.root, env, inheritStdio: true });
    return result.code;
  }
  const psql = requireDbProgram('psql', env, 'for `stackctl db shell` on a PostgreSQL database');
  const connection = pgConnection(target.url, env);
  const result = await runToolProcess({ file: psql, args: [`--dbname=${connection.url}`, ...extra], cwd: config.root, env: connection.env, inheritStdio: true });
  return result.code;
}
