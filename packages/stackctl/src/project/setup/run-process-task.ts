// Runs the steps of a dependency or `setup:` task in order, as real processes; stops the running one when aborted.
import fs from 'node:fs';
import path from 'node:path';
import { describeMissing } from './install-hints.js';
import type { ProcessTask, TaskStep } from './setup-task.js';
import type { TaskOutput } from './task-output.js';
import { startCommand, type CommandExit } from './task-process.js';

export interface ProcessTaskOutcome {
  /** null when every step succeeded. */
  readonly failure: string | null;
  /** Stopped by the abort signal (Ctrl+C). */
  readonly interrupted: boolean;
}

export async function runProcessTask(task: ProcessTask, output: TaskOutput, signal: AbortSignal): Promise<ProcessTaskOutcome> {
  if (task.missing !== null) {
    const reason = describeMissing(task.missing);
    output.line(reason);
    return { failure: reason, interrupted: false };
  }
  for (const step of task.steps) {
    if (step.unlessExists !== undefined && fs.existsSync(step.unlessExists)) {
      output.note(`$ ${step.display}   # skipped: ${path.basename(step.unlessExists)} exists`);
      continue;
    }
    if (signal.aborted) return { failure: 'interrupted', interrupted: true };
    output.note(`$ ${step.display}`);
    const run = startCommand(step.command, { cwd: task.cwd, env: task.env, onOutput: (text) => output.write(text) });
    let stopping: Promise<void> | null = null;
    const onAbort = (): void => {
      stopping = run.stop();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const exit = await run.exited;
    signal.removeEventListener('abort', onAbort);
    if (stopping !== null) {
      await stopping;
      return { failure: 'interrupted', interrupted: true };
    }
    const failure = describeExit(exit, step, task.steps.length > 1);
    if (failure !== null) {
      output.note(`# ${failure}`);
      return { failure, interrupted: false };
    }
  }
  return { failure: null, interrupted: false };
}

/** Null for exit code 0; else `exited with code 3`, prefixed with the command when the task has several. */
function describeExit(exit: CommandExit, step: TaskStep, named: boolean): string | null {
  const what = named ? `\`${shorten(step.display)}\` ` : '';
  if (exit.error !== null) return `cannot run ${shorten(step.display)}: ${exit.error.message}`;
  if (exit.code === 0) return null;
  if (exit.code !== null) return `${what}exited with code ${exit.code}`;
  return `${what}was killed by ${exit.signal ?? 'a signal'}`;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
