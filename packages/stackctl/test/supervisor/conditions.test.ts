// Unit tests of dependency conditions: when started / healthy / completed are met, failed or still open.
import { describe, expect, it } from 'vitest';
import { evaluateCondition, pendingReason, type ConditionSubject } from '../../src/supervisor/conditions.js';
import { exitRecord } from '../helpers/service-status.js';

function subject(overrides: Partial<ConditionSubject>): ConditionSubject {
  return {
    name: 'db',
    state: 'running',
    health: 'none',
    healthDetail: '',
    hasHealthCheck: false,
    lastExit: null,
    reason: null,
    startedAt: null,
    startTimeoutMs: null,
    minUptimeMs: 0,
    ...overrides,
  };
}

const exit = (code: number) => exitRecord({ code });

describe('evaluateCondition', () => {
  it('started: met once running, open while starting or in backoff', () => {
    expect(evaluateCondition('started', subject({}))).toEqual({ ok: true });
    expect(evaluateCondition('started', subject({ state: 'starting' }))).toBeNull();
    expect(evaluateCondition('started', subject({ state: 'backoff' }))).toBeNull();
  });

  it('healthy: a service without a check counts when running, once it has run for its min_uptime', () => {
    expect(evaluateCondition('healthy', subject({}))).toEqual({ ok: true });
    const settling = subject({ startedAt: 10_000, minUptimeMs: 1_000 });
    expect(evaluateCondition('healthy', settling, 10_999)).toBeNull();
    expect(evaluateCondition('healthy', settling, 11_000)).toEqual({ ok: true });
    expect(evaluateCondition('started', settling, 10_001)).toEqual({ ok: true });
  });

  it('healthy: with a check it waits for healthy, and keeps waiting while unhealthy (it runs and may yet pass)', () => {
    const checked = { hasHealthCheck: true } as const;
    expect(evaluateCondition('healthy', subject({ ...checked, health: 'starting' }))).toBeNull();
    expect(evaluateCondition('healthy', subject({ ...checked, health: 'healthy' }))).toEqual({ ok: true });
    expect(evaluateCondition('healthy', subject({ ...checked, health: 'unhealthy', healthDetail: 'HTTP 503' }))).toBeNull();
    expect(pendingReason('healthy', subject({ ...checked, health: 'unhealthy', healthDetail: 'HTTP 503' }))).toBe('unhealthy (HTTP 503)');
    expect(pendingReason('healthy', subject({ state: 'backoff', lastExit: exit(1) }))).toBe('restarting (exited with code 1)');
    expect(pendingReason('healthy', subject({ ...checked, health: 'starting' }))).toBeNull();
  });

  it('healthy: exiting first is a failure, but for a clean exit of a service without a check (a job done)', () => {
    expect(
      evaluateCondition('healthy', subject({ state: 'exited', hasHealthCheck: true, lastExit: exit(0), reason: 'exited with code 0' })),
    ).toEqual({ ok: false, reason: 'exited with code 0 before becoming healthy' });
    expect(
      evaluateCondition('healthy', subject({ state: 'exited', lastExit: exit(1), reason: 'exited with code 1' }), 0),
    ).toEqual({ ok: false, reason: 'exited with code 1 before becoming healthy' });
    expect(evaluateCondition('healthy', subject({ state: 'exited', lastExit: exit(0), reason: 'exited with code 0' }), 0)).toEqual({ ok: true });
  });

  it('completed: met by exit code 0, failed by any other', () => {
    expect(evaluateCondition('completed', subject({}))).toBeNull();
    expect(evaluateCondition('completed', subject({ state: 'exited', lastExit: exit(0) }))).toEqual({ ok: true });
    expect(
      evaluateCondition('completed', subject({ state: 'exited', lastExit: exit(2), reason: 'exited with code 2' })),
    ).toEqual({ ok: false, reason: 'exited with code 2' });
  });

  it('failed and stopped services fail every condition', () => {
    for (const condition of ['started', 'healthy', 'completed'] as const) {
      expect(evaluateCondition(condition, subject({ state: 'failed', reason: 'crash loop' }))).toEqual({
        ok: false,
        reason: 'crash loop',
      });
      expect(evaluateCondition(condition, subject({ state: 'stopped' }))).toEqual({
        ok: false,
        reason: 'it was stopped',
      });
    }
  });
});
