// `stackctl db <subcommand>`: loads the config's database and hands the flags to the subcommand.
import { loadDbContext, type DbOptions } from './db-context.js';
import { runDbBaseline, runDbMigrate, runDbRollback, runDbStatus } from './db-migrations.js';
import { runDbBackup, runDbReset, runDbRestore, runDbShell } from './db-ops.js';

export type { DbAction, DbOptions } from './db-context.js';

export async function runDb(options: DbOptions): Promise<number> {
  const context = await loadDbContext(options);
  switch (options.action) {
    case 'migrate':
      return runDbMigrate(context, options);
    case 'status':
      return runDbStatus(context, options);
    case 'rollback':
      return runDbRollback(context, options);
    case 'baseline':
      return runDbBaseline(context, options);
    case 'backup':
      return runDbBackup(context, options);
    case 'restore':
      return runDbRestore(context, options);
    case 'reset':
      return runDbReset(context, options);
    case 'shell':
      return runDbShell(context, options);
  }
}
