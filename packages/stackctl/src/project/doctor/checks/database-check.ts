// `database`: the configured database answers within a time limit, and no built-in migration is pending, changed or missing.
import fs from 'node:fs';
import type { ResolvedConfig } from '../../../config/types.js';
import { isStackctlError } from '../../../errors/index.js';
import type { DatabaseDriver, DatabaseTarget, MigrationState } from '../../db/database-types.js';
import type { DoctorCheck, DoctorContext, Finding } from '../doctor-check.js';
import { fail, listNames, ok, plural, warn } from '../findings.js';
import { shownPath } from '../shown-path.js';

/** The database module, loaded when the check runs: `doctor` pays for the database drivers only when a database is configured. */
type DatabaseModule = typeof import('../../db/index.js');

export const databaseCheck: DoctorCheck = {
  id: 'database',
  title: 'The database answers and is migrated',
  needs: 'config',
  async run(ctx) {
    const config = ctx.config;
    if (config === null) return [];
    if (config.database === undefined) return [ok('no database: in the config')];
    if (config.database.url === null) return [ok(`no database.url; migrations are run by ${config.database.tool}`)];
    let db: DatabaseModule;
    try {
      db = await import('../../db/index.js');
    } catch (error) {
      return [warn(`cannot check the database: its module did not load (${(error as Error).message})`, null)];
    }
    const limit = ctx.databaseTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Finding[]>((resolve) => {
      timer = setTimeout(() => resolve([fail(`the database did not answer within ${limit / 1000}s`, 'check that the server runs and database.url points at it')]), limit);
    });
    try {
      return await Promise.race([checkDatabase(db, config, ctx), late]);
    } finally {
      clearTimeout(timer);
    }
  },
};

async function checkDatabase(db: DatabaseModule, config: ResolvedConfig, ctx: DoctorContext): Promise<Finding[]> {
  const database = config.database;
  if (database === undefined) return [];
  let target: DatabaseTarget;
  try {
    target = db.resolveDatabaseTarget(config, ctx.env);
  } catch (error) {
    return [fail((error as Error).message, isStackctlError(error) && error.hint !== undefined ? error.hint : 'fix database.url in the config')];
  }
  const where = target.kind === 'sqlite' ? `SQLite ${shownPath(target.file, ctx.cwd)}` : `PostgreSQL at ${target.address}/${target.database}`;
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !fs.existsSync(target.file)) {
    return [warn(`${where} does not exist yet`, '`stackctl db migrate` creates it')];
  }
  let driver: DatabaseDriver;
  try {
    driver = await db.openDatabase(target);
  } catch (error) {
    return [fail(`cannot reach ${where}: ${reasonOf(error)}`, unreachableFix(target, config))];
  }
  try {
    if (database.tool !== 'builtin' || !fs.existsSync(database.migrationsDir)) return [ok(`${where} answers`)];
    const migrations = await db.readMigrations(database.migrationsDir);
    const states = await db.migrationStatus(driver, migrations);
    const named = (state: MigrationState): string[] => states.filter((entry) => entry.state === state).map((entry) => `${entry.version}_${entry.name}`);
    const findings: Finding[] = [];
    const changed = named('changed');
    const missing = named('missing');
    const pending = named('pending');
    if (changed.length > 0) {
      findings.push(fail(`${plural(changed.length, 'applied migration')} changed since applied: ${listNames(changed)}`, 'restore the applied version of the file, and put the change in a new migration'));
    }
    if (missing.length > 0) {
      findings.push(fail(`${plural(missing.length, 'applied migration')} missing from ${shownPath(database.migrationsDir, ctx.cwd)}: ${listNames(missing)}`, 'restore the migration files (from git), or roll the database back'));
    }
    if (pending.length > 0) findings.push(warn(`${plural(pending.length, 'migration')} pending on ${where}: ${listNames(pending)}`, '`stackctl db migrate` applies them'));
    if (findings.length === 0) findings.push(ok(`${where} answers; ${plural(states.length, 'migration')} applied`));
    return findings;
  } catch (error) {
    return [fail(`cannot read the migrations of ${where}: ${reasonOf(error)}`, isStackctlError(error) && error.hint !== undefined ? error.hint : '`stackctl db status` shows more')];
  } finally {
    await driver.close().catch(() => undefined);
  }
}

/** The innermost cause's message: `connect ECONNREFUSED 127.0.0.1:5432`, not the wrappers around it. */
function reasonOf(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** Start the service that declares the server's port, when one does; else the server itself. */
function unreachableFix(target: DatabaseTarget, config: ResolvedConfig): string {
  if (target.kind === 'sqlite') return `check that ${target.file} is a readable SQLite database`;
  const port = Number(/:(\d+)$/.exec(target.address)?.[1] ?? 5432);
  const service = Object.values(config.services).find((candidate) => candidate.ports.includes(port));
  if (service !== undefined) return `\`stackctl start ${service.name}\` starts it (it declares port ${port}), or check database.url`;
  return `start the PostgreSQL server (e.g. \`sudo service postgresql start\`), or check database.url`;
}
