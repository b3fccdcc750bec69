// Runs `migrate`, `status` or `rollback` through the project's own migration tool, in database.cwd with DATABASE_URL set.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedDatabase } from '../../../config/types.js';
import { StackctlError } from '../../../errors/index.js';
import { toolEnv } from './database-url-env.js';
import { findProgram } from './find-program.js';
import { PRESETS } from './preset-table.js';
import type { MigrationPreset, PresetAction } from './preset-types.js';
import { runToolProcess, ToolStartError } from './tool-process.js';

export interface PresetRunOptions {
  /** The environment to start from (DATABASE_URL is added from database.url when there is one). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Each line the tool prints (stdout and stderr), when its output is not inherited. */
  readonly onOutput?: (line: string) => void;
  /** Give the tool this terminal (its own colours and prompts); the failure message then quotes no output. */
  readonly inheritStdio?: boolean;
}

/** How many output lines an E_MIGRATION_FAILED message quotes. */
const QUOTED_LINES = 10;

/**
 * Runs the action's command lines in order. Throws E_USAGE when the tool cannot do the action,
 * E_TOOL_NOT_FOUND (with how to install it) when its program is missing, E_MIGRATION_FAILED with
 * the exit code and the last lines of output when a command fails.
 */
export async function runPresetAction(database: ResolvedDatabase, action: PresetAction, options: PresetRunOptions): Promise<void> {
  if (database.tool === 'builtin') {
    throw new StackctlError('E_USAGE', 'the built-in migration runner has no external tool to run', { hint: 'set database.tool to alembic, prisma, knex, drizzle, sequelize or django' });
  }
  const preset = PRESETS[database.tool];
  const step = preset.actions[action];
  if (step.kind === 'unsupported') throw new StackctlError('E_USAGE', step.message, { hint: step.hint });
  checkCwd(database.cwd);
  const program = findProgram(preset.program, database.cwd, options.env);
  if (program === null) throw toolNotFound(preset, database.cwd);
  if (preset.program.kind === 'python-script' && !existsSync(path.join(database.cwd, preset.program.script))) {
    throw new StackctlError('E_TOOL_NOT_FOUND', `${preset.program.script} not found in ${database.cwd}`, {
      hint: `set database.cwd to the folder that holds ${preset.program.script}`,
    });
  }
  const env = toolEnv(database, options.env);
  for (const args of step.commands) {
    const shown = [preset.display, ...args].join(' ');
    let result;
    try {
      result = await runToolProcess({
        file: program.file,
        args: [...program.leadingArgs, ...args],
        cwd: database.cwd,
        env,
        shell: process.platform === 'win32' && /\.(?:cmd|bat)$/i.test(program.file),
        ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
        inheritStdio: options.inheritStdio === true,
      });
    } catch (error) {
      if (error instanceof ToolStartError && (error.errno === 'ENOENT' || error.errno === 'EACCES')) throw toolNotFound(preset, database.cwd, error);
      throw error;
    }
    if (result.code !== 0) {
      const quoted = result.tail.slice(-QUOTED_LINES);
      throw new StackctlError('E_MIGRATION_FAILED', `\`${shown}\` failed with exit code ${result.code} in ${database.cwd}`, {
        details: quoted.length === 0 ? [] : ['last lines of output:', ...quoted.map((line) => `  ${line}`)],
        hint: action === 'status' ? `run \`${shown}\` in ${database.cwd} to see why` : `fix the error above, then run \`stackctl db ${action}\` again`,
      });
    }
  }
}

function toolNotFound(preset: MigrationPreset, cwd: string, cause?: unknown): StackctlError {
  const program = preset.program.kind === 'python-script' ? 'python' : preset.program.bins[0] ?? preset.tool;
  return new StackctlError('E_TOOL_NOT_FOUND', `${program} (for database.tool: ${preset.tool}) is not installed in ${cwd} or on PATH`, {
    hint: preset.install,
    ...(cause === undefined ? {} : { cause }),
  });
}

function checkCwd(cwd: string): void {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new StackctlError('E_CONFIG_INVALID', `database.cwd ${cwd} is not a folder`, { hint: 'point database.cwd at the folder the migration tool runs in' });
}
