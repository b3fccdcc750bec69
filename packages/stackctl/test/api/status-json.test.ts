// toStatusJson: the README's `status --json` entry, every field present, nulls where unknown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toServiceJson, toStatusJson } from '../../src/api/status-json.js';
import type { ServiceState } from '../../src/supervisor/types.js';
import { serviceStatus } from './fake-engine.js';

const FIELDS = ['name', 'state', 'health', 'origin', 'pid', 'ports', 'restarts', 'uptime_ms', 'cpu_percent', 'memory_bytes', 'external', 'attached', 'log_loss'];
const STATES: ServiceState[] = ['stopped', 'starting', 'running', 'stopping', 'exited', 'backoff', 'failed'];

describe('toStatusJson', () => {
  it('maps a running service exactly as the README shows it', () => {
    const status = serviceStatus('api', { state: 'running', health: 'healthy', pid: 1234, ports: [4000], startedAt: 1_000 });
    expect(toServiceJson(status, 6_321)).toStrictEqual({
      name: 'api',
      state: 'running',
      health: 'healthy',
      origin: 'managed',
      pid: 1234,
      ports: [4000],
      restarts: 0,
      uptime_ms: 5_321,
      cpu_percent: null,
      memory_bytes: null,
      external: null,
      attached: false,
      log_loss: null,
    });
  });

  it('adds the lines the host counted as not saved in the service’s log file', () => {
    const loss = { lines: 4875, stdout: 4800, stderr: 75, since: 1_000, until: 3_500, code: 'ENOSPC', reason: 'disk full', ongoing: true };
    const lookup = (service: string) => (service === 'api' ? loss : null);
    expect(toServiceJson(serviceStatus('api', { state: 'running', pid: 42 }), 0, undefined, lookup).log_loss).toEqual(loss);
    expect(toServiceJson(serviceStatus('db', { state: 'running', pid: 43 }), 0, undefined, lookup).log_loss).toBeNull();
  });

  it('says whether the service runs attached to a terminal', () => {
    expect(toServiceJson(serviceStatus('api', { state: 'running', pid: 42, attached: true }), 0)).toMatchObject({ origin: 'managed', attached: true });
  });

  it('takes origin from the engine status', () => {
    expect(toServiceJson(serviceStatus('redis', { origin: 'external' }), 0).origin).toBe('external');
  });

  it('adds the external holder with snake_case keys', () => {
    const external = { pid: 8123, command: 'node server.js', cwd: '/srv/api', startedAt: 1_000, port: 4000 };
    expect(toServiceJson(serviceStatus('api', { origin: 'external', pid: 8123, external }), 0)).toMatchObject({
      origin: 'external',
      pid: 8123,
      external: { pid: 8123, command: 'node server.js', cwd: '/srv/api', started_at: 1_000, port: 4000 },
    });
  });

  it('answers null uptime and pid for a stopped service, and never asks metrics without a pid', () => {
    const asked: number[] = [];
    const json = toServiceJson(serviceStatus('db'), 5_000, (pid) => {
      asked.push(pid);
      return { cpuPercent: 1, memoryBytes: 2 };
    });
    expect(json).toMatchObject({ pid: null, uptime_ms: null, cpu_percent: null, memory_bytes: null });
    expect(asked).toEqual([]);
  });

  it('takes cpu and memory from the injected metrics lookup', () => {
    const status = serviceStatus('api', { state: 'running', pid: 42, startedAt: 0 });
    const json = toServiceJson(status, 10, (pid) => (pid === 42 ? { cpuPercent: 0.4, memoryBytes: 48_234_496 } : null));
    expect(json).toMatchObject({ cpu_percent: 0.4, memory_bytes: 48_234_496 });
    expect(toServiceJson(status, 10, () => ({ cpuPercent: null, memoryBytes: 7 }))).toMatchObject({ cpu_percent: null, memory_bytes: 7 });
    expect(toServiceJson(status, 10, () => undefined)).toMatchObject({ cpu_percent: null, memory_bytes: null });
  });

  it('never reports a negative uptime when the clock is behind the start', () => {
    expect(toServiceJson(serviceStatus('api', { state: 'running', startedAt: 2_000 }), 1_000).uptime_ms).toBe(0);
  });

  it('keeps config order and copies ports (no shared arrays)', () => {
    const ports = [1, 2];
    const result = toStatusJson([serviceStatus('b', { ports }), serviceStatus('a')], 0);
    expect(result.map((entry) => entry.name)).toEqual(['b', 'a']);
    expect(result[0]?.ports).not.toBe(ports);
  });

  it('always has every field, uptime only while running (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATES),
        fc.option(fc.integer({ min: 1, max: 2 ** 22 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: null }),
        fc.integer({ min: 0, max: 2e12 }),
        (state, pid, startedAt, now) => {
          const json = toServiceJson(serviceStatus('svc', { state, pid, startedAt }), now);
          expect(Object.keys(json).sort()).toEqual([...FIELDS].sort());
          expect(json.uptime_ms === null).toBe(state !== 'running' || startedAt === null);
          expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json);
        },
      ),
    );
  });
});
