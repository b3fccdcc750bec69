// Unit tests of what a run's end means for its service: left to a stop, rest (exited or failed), or a restart after a delay.
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_DEFAULTS } from '../../src/supervisor/defaults.js';
import { exitOutcome, type EndedRun } from '../../src/supervisor/exit-outcome.js';
import { EMPTY_HISTORY } from '../../src/supervisor/restart-policy.js';
import { makeService } from '../helpers/make-config.js';
import { exitRecord } from '../helpers/service-status.js';

const managed: EndedRun = { pid: 42, origin: 'managed', attached: false, stopRequested: false };
const crash = exitRecord({ pid: 42, code: 1, durationMs: 50 });

function outcome(run: Partial<EndedRun>, restart: 'no' | 'on-failure' | 'always', history = EMPTY_HISTORY) {
  const service = makeService({ name: 'api', restart, maxRestarts: 2, restartWindowMs: 60_000, minUptimeMs: 1_000 });
  return exitOutcome({ ...managed, ...run }, crash, { service, history, now: 10_000, defaults: SUPERVISOR_DEFAULTS });
}

describe('exitOutcome', () => {
  it('leaves a run being stopped to the stop', () => {
    expect(outcome({ stopRequested: true }, 'always')).toEqual({ kind: 'stopping' });
  });

  it.each([
    [{ origin: 'external' } as const, 'the adopted process 42 ended; stackctl did not start it, so it is not restarted'],
    [{ attached: true }, 'the process 42 running in a terminal ended; it is not restarted while attached'],
  ])('never restarts a process stackctl did not spawn here (%o)', (run, reason) => {
    expect(outcome(run, 'always')).toEqual({ kind: 'rest', state: 'exited', reason });
  });

  it('rests in exited, saying how it ended, when the policy wants no restart', () => {
    expect(outcome({}, 'no')).toEqual({ kind: 'rest', state: 'exited', reason: 'exited with code 1' });
  });

  it('restarts at once after a stable run, remembering the restart', () => {
    expect(outcome({}, 'on-failure')).toEqual({
      kind: 'restart',
      reason: 'exited with code 1',
      delayMs: 0,
      attempt: 1,
      history: { consecutive: 1, times: [10_000] },
    });
  });

  it('fails on a crash loop', () => {
    const history = { consecutive: 2, times: [9_000, 9_500] };
    expect(outcome({}, 'on-failure', history)).toEqual({ kind: 'rest', state: 'failed', reason: 'crash loop: crashed 3 times within 60s (2 restarts)', cause: 'crash_loop' });
  });

  it('fails at once, without a restart, on exit 127 or a failing exit after the shell did not find the program', () => {
    const service = makeService({ name: 'api', command: 'uvicorn app:main', cwd: '/nonexistent/project', restart: 'always' });
    const context = { service, history: EMPTY_HISTORY, now: 10_000, defaults: SUPERVISOR_DEFAULTS };
    const notFound = { kind: 'rest', state: 'failed', reason: 'command not found: uvicorn', cause: 'command_not_found' };
    expect(exitOutcome(managed, exitRecord({ pid: 42, code: 127 }), context)).toEqual(notFound);
    expect(exitOutcome(managed, exitRecord({ pid: 42, code: 1 }), { ...context, missingProgram: 'uvicorn' })).toEqual(notFound);
    // Another program missing, the exit not 127: an ordinary crash.
    expect(exitOutcome(managed, exitRecord({ pid: 42, code: 1 }), { ...context, missingProgram: 'git' })).toMatchObject({ kind: 'restart' });
    expect(exitOutcome(managed, exitRecord({ pid: 42, code: 127 }), { ...context, missingProgram: 'vite' })).toMatchObject({ reason: 'command not found: vite' });
    expect(exitOutcome({ ...managed, stopRequested: true }, exitRecord({ pid: 42, code: 127 }), context)).toEqual({ kind: 'stopping' });
  });
});
