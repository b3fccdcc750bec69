// Env tasks: each dotenv file the config uses (and `.env` beside it) that has an example beside it.
import path from 'node:path';
import type { EnvTask } from './setup-task.js';
import { fileExists } from './project-folders.js';
import { shownPath, taskId } from './task-names.js';

const SUFFIXES = ['.example', '.sample', '.template'] as const;

/** `<file>.example|.sample|.template`, then `.env.example|.sample|.template` in the same folder; null when none exists. */
export function findExample(file: string): string | null {
  const beside = (name: string): string => path.join(path.dirname(file), name);
  const candidates = [...SUFFIXES.map((suffix) => `${file}${suffix}`), ...SUFFIXES.map((suffix) => beside(`.env${suffix}`))];
  return candidates.find((candidate) => candidate !== file && fileExists(candidate)) ?? null;
}

export interface EnvFileUse {
  /** Absolute path of the dotenv file. */
  readonly file: string;
  /** The services that load it (none for the project's `.env` or the database's env file). */
  readonly services: readonly string[];
}

/** One task per distinct file that has an example, in the order given. */
export function planEnvTasks(root: string, uses: readonly EnvFileUse[]): EnvTask[] {
  const byFile = new Map<string, Set<string>>();
  for (const use of uses) {
    const services = byFile.get(use.file) ?? new Set<string>();
    for (const service of use.services) services.add(service);
    byFile.set(use.file, services);
  }
  const tasks: EnvTask[] = [];
  for (const [file, services] of byFile) {
    const example = findExample(file);
    if (example === null) continue;
    const shown = shownPath(root, file);
    tasks.push({ id: taskId('env', shown), name: `env: ${shown}`, kind: 'env', tool: 'dotenv', services: [...services], file, example });
  }
  return tasks;
}
