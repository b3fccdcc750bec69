// Whether a dependency or `setup:` task can be skipped: same fingerprint as its last success and its output folder still there.
import fs from 'node:fs';
import path from 'node:path';
import type { TaskRecord } from './setup-state.js';
import type { ProcessTask } from './setup-task.js';

/**
 * `recorded`: the fingerprint matches the last success and the output folder (if it existed then) still exists.
 * `installed`: no record yet, but npm's own marker `node_modules/.package-lock.json` is at least as new as
 * package-lock.json (an `npm install` ran by hand). Null: run it.
 */
export function upToDate(task: ProcessTask, record: TaskRecord | undefined, fingerprint: string): 'recorded' | 'installed' | null {
  if (record !== undefined) {
    const outputThere = task.output === null || !record.outputExisted || isFolder(task.output);
    return record.fingerprint === fingerprint && outputThere ? 'recorded' : null;
  }
  if (task.npmLockfile === null) return null;
  const marker = mtimeMs(path.join(path.dirname(task.npmLockfile), 'node_modules', '.package-lock.json'));
  const lockfile = mtimeMs(task.npmLockfile);
  return marker !== null && lockfile !== null && marker >= lockfile ? 'installed' : null;
}

export function isFolder(folder: string): boolean {
  return fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function mtimeMs(file: string): number | null {
  return fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? null;
}
