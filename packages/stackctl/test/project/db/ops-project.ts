// Test helpers for the database operations: a temp project with migrations loaded through loadConfig, and child-process checks.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type ResolvedConfig } from '../../../src/config/index.js';

export const MIGRATIONS: Readonly<Record<string, string>> = {
  'migrations/0001_create_todos.sql': '-- up\nCREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n-- down\nDROP TABLE todos;\n',
  'migrations/0002_add_done.sql': '-- up\nALTER TABLE todos ADD COLUMN done INTEGER NOT NULL DEFAULT 0;\n-- down\nALTER TABLE todos DROP COLUMN done;\n',
};

export interface OpsProject {
  readonly dir: string;
  readonly config: ResolvedConfig;
  remove(): void;
}

/** Writes stackctl.yaml (name + one service + `database`, given as YAML lines under `database:`) and the files, then loads it. */
export async function opsProject(databaseYaml: string, files: Readonly<Record<string, string>> = MIGRATIONS): Promise<OpsProject> {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'stackctl-db-ops-')));
  const name = `ops-${process.pid}-${Date.now().toString(36)}`;
  writeFileSync(path.join(dir, 'stackctl.yaml'), `name: ${name}\nservices:\n  api:\n    command: node server.js\ndatabase:\n${databaseYaml}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const { config } = await loadConfig({ cwd: dir, parentEnv: {}, tolerateMissingEnvFiles: true });
  return { dir, config, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Live (non-zombie) child processes of this test process, except `except`: every tool an operation ran must be gone. */
export function liveChildren(except: readonly number[] = []): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || except.includes(Number(entry))) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // exited while listing
    }
  }
  return found;
}
