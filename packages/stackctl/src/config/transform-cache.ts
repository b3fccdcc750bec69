// A private on-disk cache of jiti's TypeScript transforms, so loading a config does not load babel each time.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { TransformOptions, TransformResult } from 'jiti';

/*
 * jiti has a cache of its own, but in the system's shared temporary folder when the project has no
 * node_modules: another user could plant code there. This one is in the user's cache folder
 * (`$XDG_CACHE_HOME/stackctl/transforms`, else `~/.cache/stackctl/transforms`), made 0700 and used
 * only while it is a folder owned by this user that nobody else can write. An entry is named by the
 * hash of everything the output depends on (source, file name, options, jiti's version), so an edited
 * config is transformed again; the oldest entries go once there are more than MAX_ENTRIES.
 */

const MAX_ENTRIES = 200;

export type Transform = (options: TransformOptions) => TransformResult;

/** `transform` with the cache in front, or `transform` itself when no private cache folder can be had. */
export function cachedTransform(transform: Transform, env: NodeJS.ProcessEnv = process.env): Transform {
  const folder = privateCacheFolder(env);
  if (folder === null) return transform;
  const version = jitiVersion();
  return (options) => {
    const { source, ...rest } = options;
    const key = createHash('sha256').update(JSON.stringify({ version, rest })).update('\0').update(source).digest('hex');
    const file = path.join(folder, `${key}.js`);
    try {
      return { code: fs.readFileSync(file, 'utf8') };
    } catch {
      // Not cached yet (or unreadable): transform and store.
    }
    const result = transform(options);
    if (result.error === undefined) store(folder, file, result.code);
    return result;
  };
}

function privateCacheFolder(env: NodeJS.ProcessEnv): string | null {
  const base = env.XDG_CACHE_HOME !== undefined && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  const folder = path.join(base, 'stackctl', 'transforms');
  try {
    makeFolders(folder);
    const stat = fs.lstatSync(folder);
    const ownUid = process.getuid?.();
    if (!stat.isDirectory() || (ownUid !== undefined && stat.uid !== ownUid) || (stat.mode & 0o022) !== 0) return null;
    return folder;
  } catch {
    return null;
  }
}

/** mkdir -p, one level at a time: Node's recursive mkdirSync spins forever under /proc. */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let current = folder; fs.statSync(current, { throwIfNoEntry: false }) === undefined; current = path.dirname(current)) {
    if (path.dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const each of missing) fs.mkdirSync(each, { mode: 0o700 });
}

function store(folder: string, file: string, code: string): void {
  try {
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(temporary, code, { mode: 0o600 });
    fs.renameSync(temporary, file);
    prune(folder);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

function prune(folder: string): void {
  const names = fs.readdirSync(folder);
  if (names.length <= MAX_ENTRIES) return;
  const aged = names
    .map((name) => ({ name, mtime: fs.statSync(path.join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => a.mtime - b.mtime);
  for (const { name } of aged.slice(0, names.length - MAX_ENTRIES / 2)) fs.rmSync(path.join(folder, name), { force: true });
}

function jitiVersion(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('jiti/package.json');
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}
