// A task's fingerprint: SHA-256 over its lockfile and manifests (path and content) and its command line.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ProcessTask } from './setup-task.js';

export function taskFingerprint(task: Pick<ProcessTask, 'inputs' | 'commandKey'>): string {
  const hash = createHash('sha256');
  for (const file of [...new Set(task.inputs)].sort()) {
    hash.update(file).update('\0').update(contentHash(file)).update('\0');
  }
  return hash.update(task.commandKey).digest('hex');
}

function contentHash(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
}
