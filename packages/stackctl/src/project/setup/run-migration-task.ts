// The migration task: the database module's migrateDatabase, loaded when needed, with the project's `.env` in its environment.
import fs from 'node:fs';
import path from 'node:path';
import { parseDotenv } from '../../config/index.js';
import type { MigrationTool, ResolvedConfig } from '../../config/types.js';

export interface MigrateProgress {
  readonly kind: string;
  readonly version: string;
  readonly name: string;
  readonly durationMs?: number;
}

export type MigrateDatabase = (
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
  options?: { onProgress?: (event: MigrateProgress) => void; onOutput?: (line: string) => void },
) => Promise<{ tool: MigrationTool; applied: readonly string[] }>;

/** The database module is loaded only when a config has `database:` (it brings the SQL drivers). */
export async function loadMigrateDatabase(): Promise<MigrateDatabase> {
  const { migrateDatabase } = await import('../db/index.js');
  return migrateDatabase;
}

/** The parent environment over the project's `.env` (read now: setup may just have written it), so `${DATABASE_URL}` resolves. */
export function migrationEnv(config: ResolvedConfig, parentEnv: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  let values: Record<string, string> = {};
  try {
    values = parseDotenv(fs.readFileSync(path.join(config.root, '.env'), 'utf8'), { scope: parentEnv });
  } catch {
    // no .env: the environment alone
  }
  return { ...values, ...parentEnv };
}

/** `applied 0002 add_users (12ms)` for the task's output. */
export function describeProgress(event: MigrateProgress): string {
  return `${event.kind} ${event.version} ${event.name}${event.durationMs === undefined ? '' : ` (${Math.round(event.durationMs)}ms)`}`;
}
