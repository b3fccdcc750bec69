// Reads the built-in runner's migrations folder: `NNNN_name.sql` files with `-- up` / `-- down` sections, sorted by version.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StackctlError } from '../../errors/index.js';
import type { MigrationFile } from './database-types.js';

const FILE_NAME = /^(\d+)[_-](.+)\.sql$/i;
/** `-- up`, `--up`, `-- UP`, `-- migrate:up` (dbmate), alone on their line. */
const MARKER = /^[ \t]*--[ \t]*(?:migrate[ \t]*:[ \t]*)?(up|down)[ \t]*$/i;

const NAMING_HINT = 'name migrations NNNN_description.sql, for example 0001_create_users.sql';

/** Orders versions by their number (`2` before `10`), then by how they are written. */
export function compareVersions(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  if (difference !== 0n) return difference < 0n ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether two versions are the same number (`0003` and `3`). */
export function sameVersion(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) && BigInt(a) === BigInt(b);
}

/** The checksum recorded when a migration is applied: SHA-256 of the content, line endings normalised to \n. */
export function migrationChecksum(content: string): string {
  return createHash('sha256').update(content.replace(/\r\n/g, '\n')).digest('hex');
}

/** Every migration in `dir`, sorted by version; E_USAGE for a missing folder, a misnamed .sql file or a repeated version. */
export function readMigrations(dir: string): MigrationFile[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StackctlError('E_USAGE', missing ? `migrations folder ${dir} does not exist` : `cannot read migrations folder ${dir}`, {
      cause: error,
      hint: missing ? `create it with a first migration such as 0001_init.sql, or set database.migrations_dir` : 'check database.migrations_dir',
    });
  }
  const migrations: MigrationFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.sql')) continue;
    const file = path.join(dir, entry.name);
    const match = FILE_NAME.exec(entry.name);
    if (match === null) {
      throw new StackctlError('E_USAGE', `migration ${file} is not named NNNN_name.sql`, { hint: NAMING_HINT });
    }
    const content = fs.readFileSync(file, 'utf8');
    migrations.push({ version: match[1] ?? '', name: match[2] ?? '', file, checksum: migrationChecksum(content), ...parseSections(content, file) });
  }
  migrations.sort((a, b) => compareVersions(a.version, b.version));
  for (let index = 1; index < migrations.length; index += 1) {
    const previous = migrations[index - 1];
    const current = migrations[index];
    if (previous !== undefined && current !== undefined && sameVersion(previous.version, current.version)) {
      throw new StackctlError('E_USAGE', `migrations ${previous.file} and ${current.file} have the same version ${current.version}`, {
        hint: 'give each migration its own number: rename one of them to the next free version',
      });
    }
  }
  return migrations;
}

interface Sections {
  readonly up: string;
  readonly down: string;
  readonly upLine: number;
  readonly downLine?: number;
}

/** Splits a file into its up and down SQL; the whole file is `up` when it has no markers. */
export function parseSections(content: string, file: string): Sections {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const markers: Array<{ readonly kind: 'up' | 'down'; readonly index: number }> = [];
  lines.forEach((line, index) => {
    const kind = MARKER.exec(line)?.[1]?.toLowerCase();
    if (kind === 'up' || kind === 'down') markers.push({ kind, index });
  });
  const up = markers.filter((marker) => marker.kind === 'up');
  const down = markers.filter((marker) => marker.kind === 'down');
  if (up.length > 1 || down.length > 1) {
    const kind = up.length > 1 ? 'up' : 'down';
    throw new StackctlError('E_USAGE', `migration ${file} has more than one -- ${kind} line`, {
      hint: 'keep one -- up section and at most one -- down section',
    });
  }
  const upMarker = up[0];
  const downMarker = down[0];
  if (upMarker !== undefined && downMarker !== undefined && downMarker.index < upMarker.index) {
    throw new StackctlError('E_USAGE', `migration ${file} has its -- down section before -- up`, { hint: 'put -- up first, then -- down' });
  }
  const upStart = upMarker === undefined ? 0 : upMarker.index + 1;
  const upEnd = downMarker === undefined ? lines.length : downMarker.index;
  const preamble = lines.slice(0, upMarker?.index ?? 0);
  if (preamble.some((line) => line.trim() !== '' && !line.trim().startsWith('--'))) {
    throw new StackctlError('E_USAGE', `migration ${file} has SQL before its -- up line`, { hint: 'move that SQL below -- up (or below -- down)' });
  }
  const sections: Sections = { up: lines.slice(upStart, upEnd).join('\n'), down: '', upLine: upStart + 1 };
  if (downMarker === undefined) return sections;
  const downText = lines.slice(downMarker.index + 1).join('\n');
  return { ...sections, down: downText.trim() === '' ? '' : downText, downLine: downMarker.index + 2 };
}
