// Unit tests of the restart policy: when to restart, backoff growth and cap, the crash-loop breaker, the stable minute.
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_DEFAULTS } from '../../src/supervisor/defaults.js';
import {
  EMPTY_HISTORY,
  backoffDelayMs,
  decideRestart,
  describeExit,
  formatDuration,
  restartDue,
  type RestartHistory,
  type RestartInput,
} from '../../src/supervisor/restart-policy.js';

const crash = { code: 1, signal: null, stoppedByUs: false, durationMs: 50 };

function input(overrides: Partial<RestartInput> = {}): RestartInput {
  return {
    policy: 'on-failure',
    exit: crash,
    history: EMPTY_HISTORY,
    now: 1_000_000,
    maxRestarts: 5,
    restartWindowMs: 60_000,
    minUptimeMs: 1_000,
    backoffResetMs: 10_000,
    defaults: SUPERVISOR_DEFAULTS,
    ...overrides,
  };
}

describe('restartDue', () => {
  it.each([
    ['no', { code: 1, signal: null }, false],
    ['on-failure', { code: 0, signal: null }, false],
    ['on-failure', { code: 2, signal: null }, true],
    ['on-failure', { code: null, signal: 'SIGSEGV' }, true],
    ['always', { code: 0, signal: null }, true],
    ['always', { code: 1, signal: null }, true],
  ] as const)('%s after %o → %s', (policy, exit, due) => {
    expect(restartDue(policy, { ...exit, stoppedByUs: false, durationMs: 1 })).toBe(due);
  });

  it('never restarts what we stopped', () => {
    expect(restartDue('always', { code: null, signal: 'SIGTERM', stoppedByUs: true, durationMs: 1 })).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('is immediate for the first restart, then starts at 100 ms, doubles, and is capped at 30 s', () => {
    const delays = Array.from({ length: 13 }, (_, n) => backoffDelayMs(n, SUPERVISOR_DEFAULTS));
    expect(delays).toEqual([0, 100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
    expect(backoffDelayMs(10_000, SUPERVISOR_DEFAULTS)).toBe(30_000);
  });
});

describe('decideRestart', () => {
  /** Feeds `count` quick crashes `gapMs` apart; returns every decision. */
  function crashes(count: number, gapMs: number, overrides: Partial<RestartInput> = {}) {
    let history: RestartHistory = overrides.history ?? EMPTY_HISTORY;
    const decisions = [];
    for (let n = 0; n < count; n += 1) {
      const decision = decideRestart(input({ ...overrides, history, now: 1_000_000 + n * gapMs }));
      decisions.push(decision);
      if (decision.kind === 'restart') history = decision.history;
    }
    return decisions;
  }

  it('restarts at once after the first crash, then backs off exponentially, attempts counted in the window', () => {
    const decisions = crashes(5, 10);
    expect(decisions.map((d) => (d.kind === 'restart' ? [d.delayMs, d.attempt] : d.kind))).toEqual([
      [0, 1],
      [100, 2],
      [200, 3],
      [400, 4],
      [800, 5],
    ]);
  });

  it('breaks a crash loop after more than max_restarts restarts within the window', () => {
    const decisions = crashes(6, 10);
    expect(decisions.at(-1)).toEqual({ kind: 'crash-loop', reason: 'crash loop: crashed 6 times within 60s (5 restarts)' });
  });

  it('with max_restarts 0 gives up at the first crash', () => {
    expect(decideRestart(input({ maxRestarts: 0 }))).toEqual({
      kind: 'crash-loop',
      reason: 'crash loop: crashed 1 time within 60s (0 restarts)',
    });
  });

  it('forgets restarts that left the window', () => {
    // 20 s apart: at most 3 restarts are ever inside a 60 s window, so it never gives up.
    const decisions = crashes(12, 20_000);
    expect(decisions.every((d) => d.kind === 'restart')).toBe(true);
    expect(decisions.map((d) => (d.kind === 'restart' ? d.attempt : 0)).slice(-3)).toEqual([3, 3, 3]);
  });

  it('restarts at once a run that lasted min_uptime, without growing the doubling; backoff_reset forgets the quick crashes', () => {
    const history: RestartHistory = { consecutive: 6, times: [] };
    const quick = decideRestart(input({ history }));
    const settled = decideRestart(input({ history, exit: { ...crash, durationMs: 2_500 } }));
    const long = decideRestart(input({ history, exit: { ...crash, durationMs: 10_000 } }));
    expect(quick).toMatchObject({ kind: 'restart', delayMs: 3200, history: { consecutive: 7 } });
    expect(settled).toMatchObject({ kind: 'restart', delayMs: 0, history: { consecutive: 6 } });
    expect(long).toMatchObject({ kind: 'restart', delayMs: 0, history: { consecutive: 0 } });
    // The next quick crash after that long run is immediate again, then 100 ms.
    const after = crashes(2, 10, { history: { consecutive: 0, times: [] } });
    expect(after.map((d) => (d.kind === 'restart' ? d.delayMs : -1))).toEqual([0, 100]);
  });

  it('restarts a service killed every 2.5 s at once every time (a dev loop), until the breaker', () => {
    let history: RestartHistory = EMPTY_HISTORY;
    const delays: number[] = [];
    for (let n = 0; n < 10; n += 1) {
      const decision = decideRestart(input({ history, maxRestarts: 100, exit: { ...crash, signal: 'SIGKILL', code: null, durationMs: 2_500 }, now: 1_000_000 + n * 2_500 }));
      if (decision.kind !== 'restart') throw new Error(decision.kind);
      delays.push(decision.delayMs);
      history = decision.history;
    }
    expect(delays).toEqual(Array.from({ length: 10 }, () => 0));
    const breaker = crashes(6, 2_500, { exit: { ...crash, durationMs: 2_500 } });
    expect(breaker.at(-1)).toMatchObject({ kind: 'crash-loop' });
  });

  it('does nothing when the policy says no', () => {
    expect(decideRestart(input({ policy: 'no' }))).toEqual({ kind: 'none' });
    expect(decideRestart(input({ exit: { ...crash, code: 0 } }))).toEqual({ kind: 'none' });
  });
});

describe('wording', () => {
  it('formats windows and exits', () => {
    expect(formatDuration(60_000)).toBe('60s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(250)).toBe('250ms');
    expect(describeExit({ code: 3, signal: null })).toBe('exited with code 3');
    expect(describeExit({ code: null, signal: 'SIGSEGV' })).toBe('killed by SIGSEGV');
  });
});
