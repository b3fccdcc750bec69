// Test helper: a CommandRunner that records every argv and answers from a script (stdout, status, stderr) instead of running anything.
import type { CommandRunner, RunResult } from '../../src/terminals/index.js';

export interface FakeRunner {
  readonly run: CommandRunner;
  readonly calls: Array<{ argv: readonly string[]; interactive: boolean }>;
}

/** `answer` decides each call's result; by default every call succeeds printing nothing. */
export function fakeRunner(answer: (argv: readonly string[], index: number) => Partial<RunResult> = () => ({})): FakeRunner {
  const calls: FakeRunner['calls'] = [];
  const run: CommandRunner = (argv, options) => {
    calls.push({ argv, interactive: options?.interactive === true });
    return { status: 0, stdout: '', stderr: '', ...answer(argv, calls.length - 1) };
  };
  return { run, calls };
}
