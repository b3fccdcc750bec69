// Runs a planned task list: env files first, then installs and `setup:` commands in parallel, migrations once all succeeded.
import os from 'node:os';
import { loadConfig } from '../../config/index.js';
import type { ResolvedConfig } from '../../config/types.js';
import { isStackctlError } from '../../errors/index.js';
import { taskFingerprint } from './fingerprint.js';
import { envFileUpToDate, runEnvTask, type EnvAnswers } from './run-env-task.js';
import { describeProgress, loadMigrateDatabase, migrationEnv, type MigrateDatabase } from './run-migration-task.js';
import { runProcessTask } from './run-process-task.js';
import { ensureSetupDir, SetupState, taskLogFile } from './setup-state.js';
import { UP_TO_DATE, type EnvTask, type MigrationTask, type ProcessTask, type SetupEvent, type SetupTask, type TaskResult } from './setup-task.js';
import { TaskOutput } from './task-output.js';
import { isFolder, upToDate } from './up-to-date.js';

export interface RunSetupOptions {
  readonly config: ResolvedConfig;
  /** From planSetup. */
  readonly tasks: readonly SetupTask[];
  /** What migrations see besides the project's `.env` (process.env). */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** `--force`: run every task, up to date or not. */
  readonly force?: boolean;
  /** Installs at once; default 2-3 (they are heavy). */
  readonly concurrency?: number;
  /** How env tasks fill values; default: the example's values without asking. */
  readonly answers?: EnvAnswers;
  /** Ctrl+C: running tasks' process groups are stopped, nothing new starts. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SetupEvent) => void;
  /** Default: the database module's migrateDatabase. */
  readonly migrate?: MigrateDatabase;
}

export interface SetupReport {
  readonly ok: boolean;
  readonly interrupted: boolean;
  readonly durationMs: number;
  /** Every task in plan order. */
  readonly results: ReadonlyArray<{ readonly task: SetupTask; readonly result: TaskResult }>;
  /** `.stackctl/setup`: the logs (`<id>.log`) and state.json. */
  readonly setupDir: string;
}

/** 2 on small machines, 3 from four cores on. */
export function defaultConcurrency(): number {
  return Math.min(3, Math.max(2, os.availableParallelism() - 1));
}

export async function runSetup(options: RunSetupOptions): Promise<SetupReport> {
  const startedAt = Date.now();
  const setupDir = ensureSetupDir(options.config.root);
  const runner = new TaskRunner(options, setupDir, new SetupState(setupDir));
  const byKind = <K extends SetupTask['kind']>(...kinds: K[]) => options.tasks.filter((task): task is Extract<SetupTask, { kind: K }> => (kinds as string[]).includes(task.kind));

  let envChanged = false;
  for (const task of byKind('env')) envChanged = (await runner.run(task)) || envChanged;
  const processTasks = envChanged ? await withFreshEnv(byKind('deps', 'setup'), options) : byKind('deps', 'setup');
  await inParallel(processTasks, options.concurrency ?? defaultConcurrency(), (task) => runner.run(task));
  for (const task of byKind('migrations')) {
    if (!runner.interrupted() && runner.failed()) runner.notRun(task, 'not run: an earlier task failed');
    else await runner.run(task);
  }
  const results = options.tasks.map((task) => ({ task, result: runner.result(task) }));
  return {
    ok: results.every(({ result }) => result.status !== 'failed') && !runner.interrupted(),
    interrupted: runner.interrupted(),
    durationMs: Date.now() - startedAt,
    results,
    setupDir,
  };
}

class TaskRunner {
  readonly #options: RunSetupOptions;
  readonly #setupDir: string;
  readonly #state: SetupState;
  readonly #results = new Map<string, TaskResult>();

  constructor(options: RunSetupOptions, setupDir: string, state: SetupState) {
    this.#options = options;
    this.#setupDir = setupDir;
    this.#state = state;
  }

  failed(): boolean {
    return [...this.#results.values()].some((result) => result.status === 'failed');
  }

  interrupted(): boolean {
    return this.#options.signal?.aborted === true;
  }

  result(task: SetupTask): TaskResult {
    return this.#results.get(task.id) ?? { status: 'skipped', durationMs: 0, reason: 'not run: interrupted', outputTail: [] };
  }

  notRun(task: SetupTask, reason: string): void {
    this.#end(task, { status: 'skipped', durationMs: 0, reason, outputTail: [] });
  }

  /** Runs (or skips) one task and reports it; true when it changed something. */
  async run(task: SetupTask): Promise<boolean> {
    if (this.interrupted()) {
      this.notRun(task, 'not run: interrupted');
      return false;
    }
    if (this.#upToDate(task)) {
      this.#end(task, { status: 'skipped', durationMs: 0, reason: UP_TO_DATE, outputTail: [] });
      return false;
    }
    const started = Date.now();
    this.#options.onEvent?.({ type: 'start', task, at: started });
    const output = new TaskOutput(taskLogFile(this.#setupDir, task.id), (line) => this.#options.onEvent?.({ type: 'output', task, line }));
    let result: TaskResult;
    try {
      const outcome = await this.#execute(task, output);
      result = { ...outcome, durationMs: Date.now() - started, outputTail: output.tail() };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (isStackctlError(error) && error.hint !== undefined) output.line(`hint: ${error.hint}`);
      result = { status: 'failed', durationMs: Date.now() - started, reason, outputTail: output.tail() };
    } finally {
      output.close();
    }
    this.#end(task, result);
    return result.status === 'done';
  }

  /** Checked before the task starts (so it is never shown as running); migrations only know once they ran. */
  #upToDate(task: SetupTask): boolean {
    if (this.#options.force === true || task.kind === 'migrations') return false;
    if (task.kind === 'env') return envFileUpToDate(task);
    const fingerprint = taskFingerprint(task);
    const why = upToDate(task, this.#state.get(task.id), fingerprint);
    if (why === 'installed') this.#record(task, fingerprint);
    return why !== null;
  }

  async #execute(task: SetupTask, output: TaskOutput): Promise<Pick<TaskResult, 'status' | 'reason'>> {
    switch (task.kind) {
      case 'env':
        return this.#env(task, output);
      case 'migrations':
        return this.#migrations(task, output);
      default: {
        const outcome = await runProcessTask(task, output, this.#options.signal ?? new AbortController().signal);
        if (outcome.failure !== null) return { status: 'failed', reason: outcome.failure };
        // Fingerprinted after the run: an install may have written the lockfile.
        this.#record(task, taskFingerprint(task));
        return { status: 'done', reason: null };
      }
    }
  }

  async #env(task: EnvTask, output: TaskOutput): Promise<Pick<TaskResult, 'status' | 'reason'>> {
    const outcome = await runEnvTask(task, output, this.#options.answers ?? { yes: true, ask: null }, this.#options.force === true);
    return outcome.changed ? { status: 'done', reason: outcome.summary } : { status: 'skipped', reason: UP_TO_DATE };
  }

  async #migrations(_task: MigrationTask, output: TaskOutput): Promise<Pick<TaskResult, 'status' | 'reason'>> {
    const { config, parentEnv } = this.#options;
    const migrate = this.#options.migrate ?? (await loadMigrateDatabase());
    const { tool, applied } = await migrate(config, migrationEnv(config, parentEnv), {
      onProgress: (event) => output.line(describeProgress(event)),
      onOutput: (line) => output.line(line),
    });
    // A delegated tool (alembic, prisma…) does not say what it applied: its output does.
    if (tool !== 'builtin') return { status: 'done', reason: `ran the ${tool} migrations` };
    if (applied.length === 0) return { status: 'skipped', reason: UP_TO_DATE };
    return { status: 'done', reason: `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}` };
  }

  #record(task: ProcessTask, fingerprint: string): void {
    this.#state.record(task.id, { fingerprint, outputExisted: task.output !== null && isFolder(task.output), at: new Date().toISOString() });
  }

  #end(task: SetupTask, result: TaskResult): void {
    this.#results.set(task.id, result);
    this.#options.onEvent?.({ type: 'end', task, result });
  }
}

/** `setup:` tasks get their service's env again once env files were written (it may read the new values). */
async function withFreshEnv(tasks: readonly ProcessTask[], options: RunSetupOptions): Promise<ProcessTask[]> {
  const { config } = options;
  let fresh: ResolvedConfig;
  try {
    fresh = (await loadConfig({ cwd: config.root, configPath: config.configPath, parentEnv: options.parentEnv, tolerateMissingEnvFiles: true })).config;
  } catch {
    return [...tasks];
  }
  return tasks.map((task) => {
    const service = task.kind === 'setup' ? fresh.services[task.services[0] ?? ''] : undefined;
    return service === undefined ? task : { ...task, env: service.env };
  });
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
