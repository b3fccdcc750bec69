// `stackctl db migrate|status|rollback|baseline`: the built-in runner with progress lines, or the project's own tool.
import { existsSync } from 'node:fs';
import { StackctlError } from '../../errors/index.js';
import {
  baseline,
  migrate,
  migrationStatus,
  openDatabase,
  readMigrations,
  resolveDatabaseTarget,
  rollback,
  type DatabaseDriver,
  type MigrationFile,
  type MigrationProgress,
  type MigrationStatusEntry,
} from '../../project/db/index.js';
import { targetLabel } from '../../project/db/ops/index.js';
import { commandLines, PRESETS, runPresetAction, type PresetAction } from '../../project/db/presets/index.js';
import { jsonText } from '../cli-context.js';
import type { DbContext, DbOptions } from './db-context.js';

/** Opens the database for the built-in runner, with its migrations read (and checked) first. */
async function withBuiltin<T>(context: DbContext, work: (driver: DatabaseDriver, migrations: MigrationFile[], database: string) => Promise<T>): Promise<T> {
  const target = resolveDatabaseTarget(context.config, context.env);
  const migrations = readMigrations(context.database.migrationsDir);
  const driver = await openDatabase(target);
  try {
    return await work(driver, migrations, targetLabel(target));
  } finally {
    await driver.close();
  }
}

/** The url as shown in JSON for a delegated tool, or null when the tool keeps its own. */
function delegatedLabel(context: DbContext): string | null {
  return context.database.url === null ? null : targetLabel(resolveDatabaseTarget(context.config, context.env));
}

/** `→ 0002_add_done … ✓ 12 ms` as the runner reports it; an open line is closed with ✗ when the run fails. */
function progressPrinter(options: DbOptions, arrow: string) {
  let open = false;
  return {
    onProgress: (event: MigrationProgress): void => {
      if (options.globals.json) return;
      if (event.kind === 'applying' || event.kind === 'rolling-back') {
        options.stdout(`${arrow} ${event.version}_${event.name} … `);
        open = true;
      } else if (event.kind === 'baselined') {
        options.stdout(`= ${event.version}_${event.name} marked as applied\n`);
      } else {
        options.stdout(`✓ ${Math.round(event.durationMs ?? 0)} ms\n`);
        open = false;
      }
    },
    failed: (): void => {
      if (open) options.stdout('✗\n');
      open = false;
    },
  };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Delegates to database.tool: its own output on this terminal (or, with --json, to stderr line by line). */
async function runDelegated(context: DbContext, options: DbOptions, action: PresetAction): Promise<number> {
  if (options.to !== undefined || options.steps !== undefined) {
    throw new StackctlError('E_USAGE', `--to and --steps are for the built-in runner, not for database.tool: ${context.database.tool}`, {
      hint: `run the tool itself for that, in ${context.database.cwd}`,
    });
  }
  const json = options.globals.json;
  const output: string[] = [];
  await runPresetAction(context.database, action, {
    env: context.env,
    inheritStdio: !json,
    ...(json ? { onOutput: (line: string) => output.push(line) } : {}),
  });
  if (json) {
    options.stdout(jsonText({ tool: context.database.tool, database: delegatedLabel(context), action, output }));
  } else if (context.database.tool !== 'builtin') {
    for (const line of commandLines(PRESETS[context.database.tool], action)) options.stderr(`✓ ${line}\n`);
  }
  return 0;
}

export async function runDbMigrate(context: DbContext, options: DbOptions): Promise<number> {
  if (context.database.tool !== 'builtin') return runDelegated(context, options, 'migrate');
  const printer = progressPrinter(options, '→');
  const durations = new Map<string, number>();
  return withBuiltin(context, async (driver, migrations, database) => {
    let applied: MigrationFile[];
    try {
      applied = await migrate(driver, migrations, {
        ...(options.to === undefined ? {} : { to: options.to }),
        onProgress: (event) => {
          if (event.kind === 'applied') durations.set(event.version, event.durationMs ?? 0);
          printer.onProgress(event);
        },
      });
    } catch (error) {
      printer.failed();
      throw error;
    }
    if (options.globals.json) {
      const rows = applied.map(({ version, name }) => ({ version, name, duration_ms: Math.round(durations.get(version) ?? 0) }));
      options.stdout(jsonText({ tool: 'builtin', database, applied: rows }));
    } else {
      options.stdout(applied.length === 0 ? 'database is up to date\n' : `${plural(applied.length, 'migration')} applied\n`);
    }
    return 0;
  });
}

export async function runDbStatus(context: DbContext, options: DbOptions): Promise<number> {
  if (context.database.tool !== 'builtin') return runDelegated(context, options, 'status');
  const target = resolveDatabaseTarget(context.config, context.env);
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file)) {
    // Looking must not create the database file: with none yet, every migration is pending.
    const pending = readMigrations(context.database.migrationsDir).map(({ version, name }) => ({ version, name, state: 'pending' as const, appliedAt: null }));
    return printStatus(options, pending, targetLabel(target));
  }
  return withBuiltin(context, async (driver, migrations, database) => printStatus(options, await migrationStatus(driver, migrations), database));
}

function printStatus(options: DbOptions, entries: readonly MigrationStatusEntry[], database: string): number {
  const drifted = entries.filter((entry) => entry.state === 'changed' || entry.state === 'missing');
  if (options.globals.json) {
    const rows = entries.map((entry) => ({ version: entry.version, name: entry.name, state: entry.state, applied_at: entry.appliedAt }));
    options.stdout(jsonText({ tool: 'builtin', database, migrations: rows }));
    return drifted.length === 0 ? 0 : 1;
  }
  options.stdout(statusTable(entries));
  const count = (state: string): number => entries.filter((entry) => entry.state === state).length;
  options.stdout(`${count('applied')} applied, ${count('pending')} pending${drifted.length === 0 ? '' : `, ${count('changed')} changed, ${count('missing')} missing`}\n`);
  if (drifted.length > 0) {
    options.stderr('hint: a changed migration was edited after it was applied, a missing one was deleted: restore the file from version control, and put new changes in a new migration\n');
  }
  return drifted.length === 0 ? 0 : 1;
}

/** VERSION NAME STATE APPLIED AT, padded to the widest cell. */
export function statusTable(entries: readonly MigrationStatusEntry[]): string {
  if (entries.length === 0) return 'no migrations yet\n';
  const rows = [
    ['VERSION', 'NAME', 'STATE', 'APPLIED AT'],
    ...entries.map((entry) => [entry.version, entry.name, entry.state, entry.appliedAt === null ? '-' : entry.appliedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === 3 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')).join('\n') + '\n';
}

export async function runDbRollback(context: DbContext, options: DbOptions): Promise<number> {
  if (context.database.tool !== 'builtin') return runDelegated(context, options, 'rollback');
  const steps = options.steps === undefined ? undefined : parseSteps(options.steps);
  const printer = progressPrinter(options, '←');
  return withBuiltin(context, async (driver, migrations, database) => {
    let undone: MigrationFile[];
    try {
      undone = await rollback(driver, migrations, {
        ...(steps === undefined ? {} : { steps }),
        ...(options.to === undefined ? {} : { to: options.to }),
        onProgress: printer.onProgress,
      });
    } catch (error) {
      printer.failed();
      throw error;
    }
    if (options.globals.json) {
      options.stdout(jsonText({ tool: 'builtin', database, rolled_back: undone.map(({ version, name }) => ({ version, name })) }));
    } else {
      options.stdout(undone.length === 0 ? 'nothing to roll back\n' : `${plural(undone.length, 'migration')} rolled back\n`);
    }
    return 0;
  });
}

function parseSteps(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new StackctlError('E_USAGE', `--steps must be a whole number of at least 1, not "${text}"`, { hint: 'for example: stackctl db rollback --steps 2' });
  }
  return Number(text);
}

export async function runDbBaseline(context: DbContext, options: DbOptions): Promise<number> {
  if (context.database.tool !== 'builtin') {
    throw new StackctlError('E_USAGE', `baseline is for the built-in runner; database.tool is ${context.database.tool}`, {
      hint: `mark migrations as applied with ${context.database.tool}'s own command (alembic stamp head, prisma migrate resolve --applied, manage.py migrate --fake …)`,
    });
  }
  const printer = progressPrinter(options, '=');
  return withBuiltin(context, async (driver, migrations, database) => {
    const marked = await baseline(driver, migrations, { ...(options.to === undefined ? {} : { to: options.to }), onProgress: printer.onProgress });
    if (options.globals.json) {
      options.stdout(jsonText({ tool: 'builtin', database, baselined: marked.map(({ version, name }) => ({ version, name })) }));
    } else {
      options.stdout(marked.length === 0 ? 'nothing to baseline: every migration is already applied\n' : `${plural(marked.length, 'migration')} marked as applied (not run)\n`);
    }
    return 0;
  });
}
