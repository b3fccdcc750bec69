// Performs a launch plan step by step and returns what it opened; on a failing step it closes what it had opened and throws.
import { StackctlError } from '../errors/index.js';
import { closeOpenedTerminals } from './close-terminals.js';
import { spawnRunner, type CommandRunner, type RunResult } from './command-runner.js';
import type { LaunchPlan, RunStep } from './terminal-launcher.js';
import type { TerminalState } from './terminal-state.js';
import { writeFileAtomic } from '../system/write-file-atomic.js';

export interface ExecuteOptions {
  readonly run?: CommandRunner;
  readonly writeFile?: (file: string, content: string) => void;
}

const WINDOW_ID = /^@\d+$/;

/** Returns the state to record with `writeTerminalState` (tmux window ids filled in from the steps' output). */
export function executeLaunchPlan(plan: LaunchPlan, options: ExecuteOptions = {}): TerminalState {
  const run = options.run ?? spawnRunner;
  const writeFile = options.writeFile ?? writeFileAtomic;
  const windows: Record<string, string> = {};
  const opened = (): TerminalState => (plan.record.tmux === undefined ? plan.record : { ...plan.record, tmux: { ...plan.record.tmux, windows: { ...windows } } });
  for (const step of plan.steps) {
    if (step.kind === 'write-file') {
      try {
        writeFile(step.path, step.content);
      } catch (error) {
        throw new StackctlError('E_SPAWN_FAILED', `could not write ${step.path}: ${(error as Error).message}`, { cause: error });
      }
      continue;
    }
    const result = run(step.argv, step.interactive === true ? { interactive: true } : {});
    const windowId = result.stdout.trim();
    const failure = stepFailure(step, result, windowId);
    if (failure !== undefined) {
      // Leave nothing half-open: close the windows this plan already made, then report.
      if (Object.keys(windows).length > 0) closeOpenedTerminals(opened(), run);
      throw failure;
    }
    if (step.opensWindowFor !== undefined) windows[step.opensWindowFor] = windowId;
  }
  return opened();
}

function stepFailure(step: RunStep, result: RunResult, windowId: string): StackctlError | undefined {
  const program = step.argv[0] ?? '(none)';
  if (result.error !== undefined) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    return new StackctlError('E_SPAWN_FAILED', missing ? `${program} was not found on PATH` : `${program} could not run: ${result.error.message}`, {
      cause: result.error,
      hint: 'pick another terminal with --terminal, or leave out --separate-terminals for one combined output',
    });
  }
  if (result.status !== 0) {
    const said = result.stderr.trim().split('\n')[0] ?? '';
    return new StackctlError('E_SPAWN_FAILED', `${program} failed (exit status ${result.status ?? 'none'})${said === '' ? '' : `: ${said}`}`);
  }
  if (step.opensWindowFor !== undefined && !WINDOW_ID.test(windowId)) {
    return new StackctlError('E_SPAWN_FAILED', `${program} did not report the window it opened for ${step.opensWindowFor} (printed ${JSON.stringify(windowId)})`);
  }
  return undefined;
}
