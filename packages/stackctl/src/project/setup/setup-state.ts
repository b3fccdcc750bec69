// `.stackctl/setup/`: the task logs and `state.json`, the fingerprint each task had when it last succeeded.
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../../system/private-files.js';
import { ensureStateDir, stateDirFor } from '../state-dir.js';

export interface TaskRecord {
  readonly fingerprint: string;
  /** Whether the output folder (node_modules, .venv) existed after the run: only then is its absence a reason to rerun. */
  readonly outputExisted: boolean;
  /** ISO time of the run. */
  readonly at: string;
}

interface StateFileContent {
  readonly version: 1;
  readonly tasks: Record<string, TaskRecord>;
}

/** `.stackctl/setup` beside the config. */
export function setupDirFor(projectRoot: string): string {
  return path.join(stateDirFor(projectRoot).root, 'setup');
}

/** Creates `.stackctl/` (git-ignored) and its `setup/` folder. */
export function ensureSetupDir(projectRoot: string): string {
  ensureStateDir(projectRoot);
  const dir = setupDirFor(projectRoot);
  ensurePrivateDir(dir);
  return dir;
}

export function taskLogFile(setupDir: string, taskId: string): string {
  return path.join(setupDir, `${taskId}.log`);
}

/** The records, read once; each `record` rewrites the file atomically (a crash never leaves half a file). */
export class SetupState {
  readonly #file: string;
  readonly #tasks: Record<string, TaskRecord>;

  constructor(setupDir: string) {
    this.#file = path.join(setupDir, 'state.json');
    this.#tasks = readTasks(this.#file);
  }

  get(id: string): TaskRecord | undefined {
    return Object.hasOwn(this.#tasks, id) ? this.#tasks[id] : undefined;
  }

  record(id: string, record: TaskRecord): void {
    this.#tasks[id] = record;
    const content: StateFileContent = { version: 1, tasks: this.#tasks };
    const temporary = `${this.#file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temporary, this.#file);
  }
}

/** A missing or unreadable file is an empty state: every task runs again, which is always safe. */
function readTasks(file: string): Record<string, TaskRecord> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StateFileContent>;
    return parsed.version === 1 && typeof parsed.tasks === 'object' && parsed.tasks !== null ? { ...parsed.tasks } : {};
  } catch {
    return {};
  }
}
