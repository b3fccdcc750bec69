// Seeds a freshly reset database: `database.seed` as a .sql file run through the driver, or a shell command with DATABASE_URL.
import { readFileSync } from 'node:fs';
import type { ResolvedDatabase } from '../../../config/types.js';
import { StackctlError, isStackctlError } from '../../../errors/index.js';
import type { DatabaseTarget } from '../database-types.js';
import { openDatabase } from '../index.js';
import { runToolProcess, toolEnv } from '../presets/index.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface SeedOptions {
  readonly env: Env;
  /** Each line the seed command prints. */
  readonly onOutput?: (line: string) => void;
}

/** Runs the seed; returns what kind ran, or null when the config has none. Throws E_SETUP_FAILED when it fails. */
export async function seedDatabase(database: ResolvedDatabase, target: DatabaseTarget, options: SeedOptions): Promise<'sql' | 'command' | null> {
  const seed = database.seed;
  if (seed === null) return null;
  if (seed.kind === 'sql') {
    let sql: string;
    try {
      sql = readFileSync(seed.file, 'utf8');
    } catch (error) {
      throw new StackctlError('E_SETUP_FAILED', `cannot read the seed file ${seed.file}: ${(error as Error).message}`, { cause: error, hint: 'fix database.seed in the config' });
    }
    const driver = await openDatabase(target);
    try {
      await driver.exec(sql);
    } catch (error) {
      if (isStackctlError(error) && error.code === 'E_DATABASE_UNREACHABLE') throw error;
      throw new StackctlError('E_SETUP_FAILED', `the seed file ${seed.file} failed: ${(error as Error).message}`, { cause: error, hint: 'fix the SQL, then run `stackctl db reset` again' });
    } finally {
      await driver.close();
    }
    return 'sql';
  }
  const result = await runToolProcess({
    file: seed.command,
    args: [],
    shell: true,
    cwd: database.cwd,
    env: toolEnv(database, options.env),
    ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
  });
  if (result.code !== 0) {
    throw new StackctlError('E_SETUP_FAILED', `the seed command \`${seed.command}\` failed with exit code ${result.code} in ${database.cwd}`, {
      details: result.tail.slice(-10),
      hint: 'fix the command (database.seed), then run `stackctl db reset` again',
    });
  }
  return 'command';
}
