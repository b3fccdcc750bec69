// What `setup --dry-run` shows of a task without running it: its commands, where they run, and whether it is up to date.
import path from 'node:path';
import { readDocument, readKeySpecs } from '../env/index.js';
import { taskFingerprint } from './fingerprint.js';
import { describeMissing } from './install-hints.js';
import { keysMissingFrom } from './run-env-task.js';
import type { SetupState } from './setup-state.js';
import type { SetupTask } from './setup-task.js';
import { upToDate } from './up-to-date.js';

export interface TaskPreview {
  /** The command lines, in order (none for env files and migrations). */
  readonly commands: readonly string[];
  /** Where the commands run (absolute), or null. */
  readonly cwd: string | null;
  /** A run now would skip it. */
  readonly upToDate: boolean;
  /** `create from .env.example`, `pnpm is not installed (…)`, … */
  readonly note: string | null;
}

export function previewTask(task: SetupTask, state: SetupState, force: boolean): TaskPreview {
  switch (task.kind) {
    case 'env': {
      const example = readDocument(task.example);
      const existing = readDocument(task.file);
      const missing = example === null ? [] : keysMissingFrom(existing, readKeySpecs(example));
      const from = path.basename(task.example);
      const note = existing === null ? `create from ${from}` : missing.length > 0 ? `add ${missing.map((spec) => spec.key).join(', ')} from ${from}` : null;
      return { commands: [], cwd: null, upToDate: !force && existing !== null && missing.length === 0, note };
    }
    case 'migrations':
      return { commands: [], cwd: null, upToDate: false, note: `apply pending migrations (${task.tool})` };
    default: {
      const commands = task.steps.map((step) => (step.unlessExists === undefined ? step.display : `${step.display}   (when ${path.basename(step.unlessExists)} is missing)`));
      const skip = !force && upToDate(task, state.get(task.id), taskFingerprint(task)) !== null;
      return { commands, cwd: task.cwd, upToDate: skip, note: task.missing === null ? null : describeMissing(task.missing) };
    }
  }
}
