// Unit tests of the health monitor with fake timers: start period, retries, recovery, timeouts and stopping.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResolvedHealth } from '../../src/config/types.js';
import type { HealthChecker, HealthCheckers, HealthResult } from '../../src/health/health-checker.js';
import { HealthMonitor } from '../../src/health/health-monitor.js';
import { systemClock } from '../../src/system/clock.js';

type Answer = HealthResult | 'hang';

/** A checker that answers from a script (the last answer repeats) and counts its calls. */
function scripted(answers: Answer[]) {
  const calls: AbortSignal[] = [];
  const checker: HealthChecker = {
    check: (_spec, { signal }) => {
      calls.push(signal);
      const answer = answers.length > 1 ? answers.shift() : answers[0];
      if (answer === undefined || answer === 'hang') return new Promise(() => {});
      return Promise.resolve(answer);
    },
  };
  const checkers = { http: checker, tcp: checker, exec: checker } as unknown as HealthCheckers;
  return { checkers, calls };
}

const up: HealthResult = { ok: true, detail: 'HTTP 200' };
const down: HealthResult = { ok: false, detail: 'HTTP 503' };

function monitor(answers: Answer[], health: Partial<ResolvedHealth> = {}) {
  const { checkers, calls } = scripted(answers);
  const changes: string[] = [];
  const instance = new HealthMonitor({
    health: {
      check: { kind: 'tcp', host: '127.0.0.1', port: 1 },
      intervalMs: 1000,
      timeoutMs: 500,
      retries: 3,
      startPeriodMs: 0,
      startTimeoutMs: 0,
      ...health,
    },
    checkers,
    clock: systemClock,
    cwd: '/',
    env: {},
    startedAt: Date.now(),
    startProbeIntervalMs: 250,
    onChange: (from, to, detail) => changes.push(`${from}→${to} (${detail})`),
  });
  instance.start();
  return { instance, changes, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('HealthMonitor', () => {
  it('becomes healthy on the first success, soon after the start', async () => {
    const { changes, calls } = monitor([up]);
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(changes).toEqual(['starting→healthy (HTTP 200)']);
  });

  it('turns unhealthy after `retries` consecutive failures, then healthy again on one success', async () => {
    const { changes } = monitor([down, down, down, up]);
    await vi.advanceTimersByTimeAsync(250 + 1000);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes).toEqual(['starting→unhealthy (HTTP 503)']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes).toEqual(['starting→unhealthy (HTTP 503)', 'unhealthy→healthy (HTTP 200)']);
  });

  it('does not count failures inside the start period, probing faster meanwhile', async () => {
    const { changes, calls } = monitor([down], { startPeriodMs: 2000, retries: 1 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls.length).toBe(7); // every 250 ms during the start period
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1001);
    expect(changes).toEqual(['starting→unhealthy (HTTP 503)']);
  });

  it('probes every 250 ms until the first success while inside the start timeout, then at its interval', async () => {
    const { changes, calls } = monitor([down, down, down, down, down, down, down, down, up], { startTimeoutMs: 2000, retries: 3 });
    await vi.advanceTimersByTimeAsync(750);
    expect(calls).toHaveLength(3);
    expect(changes).toEqual(['starting→unhealthy (HTTP 503)']);
    await vi.advanceTimersByTimeAsync(1250);
    expect(calls).toHaveLength(8); // 250, 500 … 2000
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(8); // past the start timeout: at the interval (1000 ms)
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(9);
    expect(changes).toEqual(['starting→unhealthy (HTTP 503)', 'unhealthy→healthy (HTTP 200)']);
  });

  it('counts failures inside the start period once it has been healthy', async () => {
    const { changes } = monitor([up, down], { startPeriodMs: 60_000, retries: 1 });
    await vi.advanceTimersByTimeAsync(250 + 1000);
    expect(changes).toEqual(['starting→healthy (HTTP 200)', 'healthy→unhealthy (HTTP 503)']);
  });

  it('aborts a check that outlives its timeout and counts it as a failure', async () => {
    const { changes, calls } = monitor(['hang'], { retries: 1, timeoutMs: 300 });
    await vi.advanceTimersByTimeAsync(250 + 299);
    expect(calls[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[0]?.aborted).toBe(true);
    expect(changes).toEqual(['starting→unhealthy (timed out after 300ms)']);
  });

  it('stops: aborts the check in flight and schedules no more', async () => {
    const { instance, calls, changes } = monitor(['hang']);
    await vi.advanceTimersByTimeAsync(250);
    instance.stop();
    expect(calls[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(changes).toEqual([]);
  });
});
