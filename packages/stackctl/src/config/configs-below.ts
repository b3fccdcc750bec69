// When no config is found: a shallow look for stackctl configs in subfolders, so the hint can name them (`cd examples/fullstack`).
import fs from 'node:fs';
import path from 'node:path';
import { configFilesIn } from './config-files.js';

/** How far down the search goes: `examples/fullstack/stackctl.yaml` is depth 2. */
export const SEARCH_DEPTH = 2;

/** At most this many folders are read, so a huge tree costs no more than a glance. */
const MAX_FOLDERS = 200;

/** Folders never entered: dependencies, VCS data, build output; any hidden folder is skipped too. */
const SKIPPED = new Set(['node_modules', 'vendor', 'dist', 'build', 'target', '__pycache__', 'venv']);

/**
 * The config files (one per folder, the one discovery would pick) in the subfolders of `folder`
 * down to `depth`, breadth first then by name, so the nearest come first. Unreadable folders are skipped.
 */
export function findConfigsBelow(folder: string, depth = SEARCH_DEPTH): string[] {
  const found: string[] = [];
  let level = [folder];
  let read = 0;
  for (let current = 1; current <= depth && level.length > 0; current += 1) {
    const next: string[] = [];
    for (const parent of level) {
      if (read >= MAX_FOLDERS) return found;
      read += 1;
      for (const child of subfolders(parent)) {
        const [config] = configFilesIn(child);
        if (config !== undefined) found.push(config);
        else next.push(child);
      }
    }
    level = next;
  }
  return found;
}

function subfolders(parent: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(parent, name));
}

/**
 * The hint of E_CONFIG_NOT_FOUND in `cwd`: the configs in its subfolders when there are some
 * (`cd examples/fullstack`, or `-c examples/fullstack/stackctl.yaml`), else `init`.
 */
export function configNotFoundHint(cwd: string): string {
  const below = findConfigsBelow(cwd).map((file) => path.relative(cwd, file));
  const [first, ...more] = below;
  if (first === undefined) return 'run stackctl init, or pass --config';
  if (more.length === 0) {
    return `a stackctl config is in ${path.dirname(first)}: \`cd ${path.dirname(first)}\` first, or pass \`-c ${first}\``;
  }
  const shown = below.slice(0, 4).join(', ');
  return `stackctl configs below this folder: ${shown}${below.length > 4 ? ', …' : ''}; \`cd\` into one's folder, or pass \`-c <path>\``;
}
