// `status` with no host: the config's services stopped, live run records shown running.
import { describe, expect, it } from 'vitest';
import { offlineStatus } from '../../src/daemon/offline-status.js';
import type { RunRecord } from '../../src/supervisor/run-record.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const record = (service: string, overrides: Partial<RunRecord> = {}): RunRecord => ({
  service,
  pid: 4242,
  pgid: 4242,
  startTime: 1,
  command: 'node x',
  startedAt: 1_000,
  restarts: 2,
  origin: 'managed',
  output: null,
  ...overrides,
});

describe('offlineStatus', () => {
  const config = makeConfig(makeService({ name: 'db', ports: [5432] }), makeService({ name: 'api', ports: [4000] }));

  it('shows every service stopped, with every field of the status --json shape', () => {
    expect(offlineStatus(config, [], 5_000)).toEqual({
      project: 'test',
      services: [
        { name: 'db', state: 'stopped', health: 'none', origin: 'managed', pid: null, ports: [5432], restarts: 0, uptime_ms: null, cpu_percent: null, memory_bytes: null, external: null, attached: false, log_loss: null },
        { name: 'api', state: 'stopped', health: 'none', origin: 'managed', pid: null, ports: [4000], restarts: 0, uptime_ms: null, cpu_percent: null, memory_bytes: null, external: null, attached: false, log_loss: null },
      ],
    });
  });

  it('shows what live records say runs, services no longer configured last', () => {
    const status = offlineStatus(config, [record('api'), record('old', { pid: 77, origin: 'external' })], 5_000);
    expect(status.services.map((s) => [s.name, s.state, s.pid, s.restarts, s.uptime_ms, s.origin])).toEqual([
      ['db', 'stopped', null, 0, null, 'managed'],
      ['api', 'running', 4242, 2, 4_000, 'managed'],
      ['old', 'running', 77, 2, 4_000, 'external'],
    ]);
  });
});
