// `tools`: every program the stack needs is installed: service commands, package managers, python3, database clients, migration tools.
import path from 'node:path';
import type { ResolvedConfig } from '../../../config/types.js';
import { findProgram, PRESETS, type MigrationPreset } from '../../db/presets/index.js';
import { commandPrograms } from '../command-programs.js';
import type { DoctorCheck, DoctorContext, Finding } from '../doctor-check.js';
import { findExecutable, localBinDirs } from '../find-executable.js';
import { fail, ok, plural, warn } from '../findings.js';
import { installHint } from '../install-hints.js';
import { isPythonService, nearestLockfile } from '../project-packages.js';
import { shownPath } from '../shown-path.js';

/** One program the stack needs, where to look for it, and why it is needed. */
interface Need {
  readonly program: string;
  /** `fail` when the stack cannot run without it; `warn` when only a `stackctl db` command needs it. */
  readonly severity: 'fail' | 'warn';
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Who needs it: `services.api.command`, `pnpm-lock.yaml`, `database.tool`… */
  readonly usedBy: string;
  /** Why, for the message: `needed by api`, `only \`db shell\` needs it`. */
  readonly why: string;
  /** Whether it is installed, when that is not told by looking for `program` (a migration tool: as `stackctl db` finds it). */
  readonly isInstalled?: () => boolean;
}

export const toolsCheck: DoctorCheck = {
  id: 'tools',
  title: 'The programs the stack runs are installed',
  needs: 'config',
  async run(ctx) {
    if (ctx.config === null) return [];
    const found = new Set<string>();
    const missing = new Map<string, { need: Need; users: string[] }>();
    for (const need of await needsOf(ctx.config, ctx)) {
      if (need.isInstalled?.() ?? isOnDisk(need, ctx.config.root, ctx.platform)) {
        found.add(need.program);
        continue;
      }
      const key = need.program.includes('/') ? path.resolve(need.cwd, need.program) : need.program;
      const entry = missing.get(key);
      if (entry === undefined) missing.set(key, { need, users: [need.why] });
      else if (!entry.users.includes(need.why)) entry.users.push(need.why);
    }
    const findings: Finding[] = [];
    if (found.size > 0) findings.push(ok(`found ${plural(found.size, 'program')}: ${[...found].join(', ')}`));
    for (const { need, users } of missing.values()) {
      const message = `${need.program} is not installed (${users.join('; ')})`;
      const fix = installHint(need.program, need.usedBy);
      findings.push(need.severity === 'fail' ? fail(message, fix) : warn(message, fix));
    }
    if (findings.length === 0) findings.push(ok('no programs to look for'));
    return findings;
  },
};

async function needsOf(config: ResolvedConfig, ctx: DoctorContext): Promise<Need[]> {
  const needs: Need[] = [];
  /** Lockfiles of pnpm, yarn or bun (npm comes with Node.js) → the package manager. */
  const managers = new Map<string, string>();
  const addLock = (lock: { file: string; manager: string } | null): void => {
    if (lock !== null && lock.manager !== 'npm') managers.set(lock.file, lock.manager);
  };
  for (const service of Object.values(config.services)) {
    const programs = commandPrograms(service.command);
    const base = { cwd: service.cwd, env: service.env, severity: 'fail' as const };
    for (const program of programs) needs.push({ ...base, program, usedBy: `services.${service.name}.command`, why: `needed by ${service.name}` });
    addLock(nearestLockfile(service.cwd, config.root));
    if (isPythonService(service, programs)) {
      needs.push({ ...base, program: 'python3', usedBy: `services.${service.name}`, why: `${service.name} is a Python service` });
    }
  }
  addLock(nearestLockfile(config.root, config.root));
  for (const [file, manager] of managers) {
    const shown = shownPath(file, ctx.cwd);
    needs.push({ program: manager, severity: 'fail', cwd: path.dirname(file), env: ctx.env, usedBy: shown, why: `${shown} is a ${manager} lockfile` });
  }
  const database = config.database;
  if (database !== undefined) {
    const dbBase = { cwd: database.cwd, env: ctx.env, usedBy: 'database.url' };
    const kind = await databaseKind(config, ctx);
    if (kind === 'postgres') {
      needs.push({ ...dbBase, program: 'psql', severity: 'warn', why: 'needed by `stackctl db shell`' });
      needs.push({ ...dbBase, program: 'pg_dump', severity: 'warn', why: 'needed by `stackctl db backup`' });
    } else if (kind === 'sqlite') {
      needs.push({ ...dbBase, program: 'sqlite3', severity: 'warn', why: 'only `stackctl db shell` needs it' });
    }
    if (database.tool !== 'builtin') {
      const preset = PRESETS[database.tool];
      needs.push({
        ...dbBase,
        program: programName(preset),
        severity: 'fail',
        usedBy: 'database.tool',
        why: `database.tool ${database.tool} runs the migrations`,
        isInstalled: () => findProgram(preset.program, database.cwd, ctx.env, ctx.platform) !== null,
      });
    }
  }
  return needs;
}

/** Looked for as a path, in the project's node_modules/.bin and .venv/bin from the need's cwd up to `root`, then on PATH. */
function isOnDisk(need: Need, root: string, platform: NodeJS.Platform): boolean {
  const localDirs = need.program.includes('/') ? [] : localBinDirs(need.cwd, root);
  return findExecutable(need.program, { cwd: need.cwd, localDirs, env: need.env, platform }) !== null;
}

/** The program a migration tool needs, as a person installs it: its first bin, or python3 for a Python script. */
function programName(preset: MigrationPreset): string {
  return preset.program.kind === 'python-script' ? 'python3' : (preset.program.bins[0] ?? preset.tool);
}

/** SQLite or PostgreSQL, as `stackctl db` reads database.url (${VAR} expanded); null when it cannot be told (the database check says why). */
async function databaseKind(config: ResolvedConfig, ctx: DoctorContext): Promise<'sqlite' | 'postgres' | null> {
  if (config.database?.url === null || config.database?.url === undefined) return null;
  try {
    const { resolveDatabaseTarget } = await import('../../db/index.js');
    return resolveDatabaseTarget(config, ctx.env).kind;
  } catch {
    return null;
  }
}
