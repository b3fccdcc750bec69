// `stackctl db backup|restore|reset|shell`: map the flags to the database operations and report what they did.
import path from 'node:path';
import { formatBytes } from '../../output/format-figures.js';
import { describeTarget, resolveDatabaseTarget, type MigrationProgress } from '../../project/db/index.js';
import { assertBackupExists, backupDatabase, openDatabaseShell, resetDatabase, restoreDatabase, type ResetStep } from '../../project/db/ops/index.js';
import { jsonText } from '../cli-context.js';
import { confirmDestructive, shown, type DbContext, type DbOptions } from './db-context.js';

export async function runDbBackup(context: DbContext, options: DbOptions): Promise<number> {
  const out = options.out === undefined ? undefined : path.resolve(process.cwd(), options.out);
  const result = await backupDatabase(context.config, context.env, { out });
  if (options.globals.json) options.stdout(jsonText({ database: result.database, file: result.file, bytes: result.bytes, format: result.format }));
  else options.stdout(`backed up ${describeTarget(resolveDatabaseTarget(context.config, context.env))} to ${shown(result.file)} (${formatBytes(result.bytes, 'fixed')})\n`);
  return 0;
}

export async function runDbRestore(context: DbContext, options: DbOptions): Promise<number> {
  const file = path.resolve(process.cwd(), options.file ?? '');
  assertBackupExists(context.config.root, file);
  const what = describeTarget(resolveDatabaseTarget(context.config, context.env));
  const retry = `stackctl db restore ${options.file ?? ''} --yes`;
  if (!(await confirmDestructive(options, `Replace ${what} with backup ${shown(file)}?`, `replaces ${what}`, retry))) {
    options.stderr('not restored: nothing was changed\n');
    return 1;
  }
  const result = await restoreDatabase(context.config, context.env, file);
  if (options.globals.json) options.stdout(jsonText({ database: result.database, file: result.file, format: result.format }));
  else options.stdout(`restored ${what} from ${shown(result.file)}\n`);
  return 0;
}

export async function runDbReset(context: DbContext, options: DbOptions): Promise<number> {
  const what = describeTarget(resolveDatabaseTarget(context.config, context.env));
  const flags = `${options.seed === false ? ' --no-seed' : ''}${options.backup === false ? ' --no-backup' : ''}`;
  const question = `Drop everything in ${what}, migrate it again${options.seed === false || context.database.seed === null ? '' : ' and seed it'}?`;
  if (!(await confirmDestructive(options, question, `drops everything in ${what}`, `stackctl db reset${flags} --yes`))) {
    options.stderr('not reset: nothing was changed\n');
    return 1;
  }
  const json = options.globals.json;
  const say = (text: string): void => {
    if (!json) options.stdout(text);
  };
  let open = false;
  const onProgress = (event: MigrationProgress): void => {
    if (event.kind === 'applying') {
      say(`→ ${event.version}_${event.name} … `);
      open = true;
    } else if (event.kind === 'applied') {
      say(`✓ ${Math.round(event.durationMs ?? 0)} ms\n`);
      open = false;
    }
  };
  const onStep = (step: ResetStep): void => {
    if (step.kind === 'backed-up') say(`backed up to ${shown(step.backup.file)} (${formatBytes(step.backup.bytes, 'fixed')}); \`stackctl db restore ${shown(step.backup.file)}\` brings it back\n`);
    else if (step.kind === 'nothing-to-back-up') say('no backup taken: the database does not exist yet\n');
    else if (step.kind === 'dropped') say(`dropped everything in ${what}\n`);
    else if (step.kind === 'seeded') say(`seeded from database.seed (${step.seed === 'sql' ? 'SQL file' : 'command'})\n`);
  };
  let result;
  try {
    result = await resetDatabase(context.config, context.env, {
      backup: options.backup !== false,
      seed: options.seed !== false,
      onStep,
      onProgress,
      // A migration tool's or seed command's lines: on stderr, so --json stays one document.
      onOutput: (line) => options.stderr(`${line}\n`),
    });
  } catch (error) {
    if (open) say('✗\n');
    throw error;
  }
  if (json) {
    options.stdout(jsonText({ database: result.database, backup: result.backup?.file ?? null, tool: result.tool, applied: result.applied, seeded: result.seeded }));
  } else {
    const applied = Array.isArray(result.applied) ? result.applied.length : 0;
    say(result.tool === 'builtin' ? `reset done: ${applied} migration${applied === 1 ? '' : 's'} applied\n` : `reset done: migrated with ${result.tool}\n`);
  }
  return 0;
}

export async function runDbShell(context: DbContext, options: DbOptions): Promise<number> {
  return openDatabaseShell(context.config, context.env, { args: options.args ?? [] });
}
