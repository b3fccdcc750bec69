// Whether a dependency or `setup:` task can be skipped: same fingerprint as its last success and its output folder still there.
import fs from 'node:fs';
import path from 'node:path';
import type { TaskRecord } from './setup-state.js';
import type { ProcessTask } from './setup-task.js';

/**
 * `recorded`: the fingerprint matches the last success and the output folder (if it existed then) still exists.
 * `installed`: npm's own marker `node_modules/.package-lock.json` is at least as new as package-lock.json and
 * package.json: an `npm install` ran by hand since they last changed (with no record yet, or after the
 * recorded run: a lockfile changed by a dependency update and installed right away). Null: run it.
 */
export function upToDate(task: ProcessTask, record: TaskRecord | undefined, fingerprint: string): 'recorded' | 'installed' | null {
  if (record !== undefined) {
    const outputThere = task.output === null || !record.outputExisted || isFolder(task.output);
    if (record.fingerprint === fingerprint && outputThere) return 'recorded';
  }
  if (task.npmLockfile === null) return null;
  const folder = path.dirname(task.npmLockfile);
  const marker = mtimeMs(path.join(folder, 'node_modules', '.package-lock.json'));
  const inputs = [mtimeMs(task.npmLockfile), mtimeMs(path.join(folder, 'package.json'))];
  return marker !== null && inputs.every((input) => input !== null && marker >= input) ? 'installed' : null;
}

export function isFolder(folder: string): boolean {
  return fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function mtimeMs(file: string): number | null {
  return fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? null;
}
