// What every `stackctl db` subcommand starts from: the config with its database, the flags, and the yes/no question.
import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import type { ResolvedConfig, ResolvedDatabase } from '../../config/types.js';
import { StackctlError } from '../../errors/index.js';
import { detectMigrationTool } from '../../project/db/presets/index.js';
import { askLine, stdinIsTerminal } from '../ask-line.js';
import type { CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { isYes } from '../port-conflicts.js';

export type DbAction = 'migrate' | 'status' | 'rollback' | 'baseline' | 'backup' | 'restore' | 'reset' | 'shell';

export interface DbOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly action: DbAction;
  /** migrate, rollback, baseline: `--to V`. */
  readonly to?: string | undefined;
  /** rollback: `--steps N` as typed. */
  readonly steps?: string | undefined;
  /** backup: `--out FILE`. */
  readonly out?: string | undefined;
  /** restore: the backup file. */
  readonly file?: string | undefined;
  /** restore, reset: do not ask. */
  readonly yes?: boolean;
  /** reset: false with --no-seed. */
  readonly seed?: boolean;
  /** reset: false with --no-backup. */
  readonly backup?: boolean;
  /** shell: the arguments after `--`. */
  readonly args?: readonly string[];
}

export interface DbContext {
  readonly config: ResolvedConfig;
  readonly database: ResolvedDatabase;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Loads the config (missing env files are fine here) and requires its `database:` section. */
export async function loadDbContext(options: DbOptions): Promise<DbContext> {
  const { config, warnings } = await loadConfig({ cwd: process.cwd(), configPath: options.globals.config, parentEnv: process.env, tolerateMissingEnvFiles: true });
  for (const warning of warnings) options.stderr(`warning: ${warning.formatted}\n`);
  if (config.database === undefined) throw notConfigured(config);
  return { config, database: config.database, env: process.env };
}

/** E_DATABASE_NOT_CONFIGURED with the YAML to add, naming the migration tool the project seems to use. */
export function notConfigured(config: ResolvedConfig): StackctlError {
  const tool = detectMigrationTool(config.root);
  const lines = ['database:', '  url: sqlite:./data/app.db', tool === null ? '  migrations_dir: ./migrations' : `  tool: ${tool}`];
  const found = tool === null ? '' : ` (${tool} files were found, so stackctl can run ${tool} for you)`;
  return new StackctlError('E_DATABASE_NOT_CONFIGURED', `${shown(config.configPath)} has no database: section`, {
    hint: `add these lines to it${found}:\n${lines.map((line) => `  ${line}`).join('\n')}`,
  });
}

/**
 * Asks "question [y/N]" unless --yes; without a terminal (and without --yes) throws E_USAGE naming `--yes`.
 * Returns false when the person said no.
 */
export async function confirmDestructive(options: DbOptions, question: string, what: string, retry: string): Promise<boolean> {
  if (options.yes === true) return true;
  if (!stdinIsTerminal()) {
    throw new StackctlError('E_USAGE', `stdin is not a terminal, so stackctl cannot ask before it ${what}`, {
      hint: `pass --yes to go ahead without asking: ${retry}`,
    });
  }
  return isYes(await askLine(`${question} [y/N] `, options.stderr));
}

/** A path as shown to people: relative to the working folder when inside it. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
