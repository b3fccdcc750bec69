// `stackctl db`: its flags and help text; the implementation is imported lazily.
import type { Command } from 'commander';
import type { DbAction, DbOptions } from './commands/db.js';
import type { CommonOf, ProgramIO } from './program.js';

const EXAMPLES = {
  db: `
Examples:
  $ stackctl db migrate                 apply pending migrations (migrations/0001_name.sql …)
  $ stackctl db status --json           every migration: applied, pending, changed or missing
  $ stackctl db rollback --steps 2      undo the last two migrations (their -- down sections)
  $ stackctl db backup                  copy the database into .stackctl/backups/
  $ stackctl db reset --yes             back up, drop everything, migrate again, seed
  $ stackctl db shell                   sqlite3 or psql on the project's database

The database comes from the config:
  database:
    url: sqlite:./data/app.db           # or postgres://user:\${PGPASSWORD}@127.0.0.1:5432/app
    migrations_dir: ./migrations        # the built-in runner's SQL files
    tool: knex                          # or alembic, prisma, drizzle, sequelize, django: run that instead
    seed: ./db/seed.sql                 # or a shell command, run after a reset`,
  migrate: `
Examples:
  $ stackctl db migrate                 → 0002_add_done … ✓ 12 ms, then "1 migration applied"
  $ stackctl db migrate --to 0003       apply up to and including 0003
  $ stackctl db migrate --json          { "tool", "database", "applied": [{ "version", "name", "duration_ms" }] }
With database.tool set, the tool's own command runs in database.cwd with DATABASE_URL set
(npx knex migrate:latest, alembic upgrade head, npx prisma migrate deploy, …).`,
  status: `
Examples:
  $ stackctl db status                  VERSION NAME STATE APPLIED AT; exit 1 when one is changed or missing
  $ stackctl db status --json           { "tool", "database", "migrations": [{ "version", "name", "state", "applied_at" }] }`,
  rollback: `
Examples:
  $ stackctl db rollback                undo the newest applied migration
  $ stackctl db rollback --steps 3      undo the three newest
  $ stackctl db rollback --to 0001      undo everything after 0001 (--to 0 undoes all)`,
  baseline: `
Examples:
  $ stackctl db baseline                the schema already exists: mark every migration as applied, run none
  $ stackctl db baseline --to 0004      mark 0001…0004 only
Each table the migrations create must already exist, or nothing is marked.`,
  backup: `
Examples:
  $ stackctl db backup                  .stackctl/backups/<project>-20240501-093012.sqlite (or .sql via pg_dump)
  $ stackctl db backup --out app.dump   PostgreSQL: pg_dump's custom format when the name ends in .dump
  $ stackctl db backup --json           { "database", "file", "bytes", "format" }`,
  restore: `
Examples:
  $ stackctl db restore .stackctl/backups/demo-20240501-093012.sqlite
  $ stackctl db restore backup.sql --yes    replace without asking (needed without a terminal)
SQLite: the file is replaced atomically. PostgreSQL: the public schema is emptied and the dump
replayed in one transaction (psql; pg_restore reads .dump files).`,
  reset: `
Examples:
  $ stackctl db reset                   asks, backs up, drops everything, migrates, runs database.seed
  $ stackctl db reset --yes --no-seed   without asking, and without the seed
  $ stackctl db reset --yes --no-backup when the data does not matter`,
  shell: `
Examples:
  $ stackctl db shell                   sqlite3 <file> or psql <url> on this terminal
  $ stackctl db shell -- -c 'select 1'  arguments after -- go to psql (or sqlite3: -- -cmd .tables)
  $ echo 'select count(*) from todos;' | stackctl db shell
The exit code is the client's.`,
} as const;

export function registerDb(program: Command, io: ProgramIO, common: CommonOf): void {
  const db = program
    .command('db')
    .description("Migrate, inspect, back up, restore, reset or open the project's database (database: in the config)")
    .addHelpText('after', EXAMPLES.db);

  const run = async (action: DbAction, command: Command, extra: Partial<DbOptions> = {}): Promise<void> => {
    const { runDb } = await import('./commands/db.js');
    io.exitCode = await runDb({ ...common(command), action, ...extra });
  };

  db.command('migrate')
    .description('Apply pending migrations (the built-in SQL runner, or database.tool)')
    .option('--to <version>', 'stop after this migration')
    .addHelpText('after', EXAMPLES.migrate)
    .action(async (options: { to?: string }, command: Command) => run('migrate', command, { to: options.to }));

  db.command('status')
    .description('List migrations with their state and when they were applied')
    .addHelpText('after', EXAMPLES.status)
    .action(async (_options: unknown, command: Command) => run('status', command));

  db.command('rollback')
    .description('Undo the newest applied migrations with their -- down sections')
    .option('--steps <n>', 'how many to undo (default 1)')
    .option('--to <version>', 'undo every migration after this one')
    .addHelpText('after', EXAMPLES.rollback)
    .action(async (options: { steps?: string; to?: string }, command: Command) => run('rollback', command, { steps: options.steps, to: options.to }));

  db.command('baseline')
    .description('Mark migrations as applied without running them (for a database that already has the schema)')
    .option('--to <version>', 'mark up to and including this migration')
    .addHelpText('after', EXAMPLES.baseline)
    .action(async (options: { to?: string }, command: Command) => run('baseline', command, { to: options.to }));

  db.command('backup')
    .description('Copy the database into .stackctl/backups/ (SQLite backup API, or pg_dump)')
    .option('-o, --out <file>', 'write the backup to this file instead')
    .addHelpText('after', EXAMPLES.backup)
    .action(async (options: { out?: string }, command: Command) => run('backup', command, { out: options.out }));

  db.command('restore')
    .description('Replace the database with a backup (asks first, unless --yes)')
    .argument('<file>', 'a file `stackctl db backup` wrote')
    .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)')
    .addHelpText('after', EXAMPLES.restore)
    .action(async (file: string, options: { yes?: boolean }, command: Command) => run('restore', command, { file, yes: options.yes === true }));

  db.command('reset')
    .description('Back up, drop everything, migrate from scratch and seed (asks first, unless --yes)')
    .option('-y, --yes', 'do not ask (needed when stdin is not a terminal)')
    .option('--no-seed', 'do not run database.seed afterwards')
    .option('--no-backup', 'do not take a backup first')
    .addHelpText('after', EXAMPLES.reset)
    .action(async (options: { yes?: boolean; seed: boolean; backup: boolean }, command: Command) =>
      run('reset', command, { yes: options.yes === true, seed: options.seed, backup: options.backup }),
    );

  db.command('shell')
    .description('Open sqlite3 or psql on the database; arguments after -- are passed on')
    .argument('[args...]', 'arguments for sqlite3 / psql, after --')
    .addHelpText('after', EXAMPLES.shell)
    .action(async (args: string[], _options: unknown, command: Command) => run('shell', command, { args }));
}
