// Status fixtures: a service's ServiceStatus, its `status --json` entry and an ExitRecord, each plain unless overridden.
import { toServiceJson, type ServiceStatusJson } from '../../src/api/status-json.js';
import type { ExitRecord, ServiceStatus } from '../../src/supervisor/types.js';

/** A stopped managed service with nothing known about it. */
export function serviceStatus(name: string, overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    name,
    state: 'stopped',
    health: 'none',
    origin: 'managed',
    pid: null,
    ports: [],
    restarts: 0,
    startedAt: null,
    lastExit: null,
    reason: null,
    external: null,
    attached: false,
    ...overrides,
  };
}

/** The `status --json` entry of serviceStatus(name): every figure null. */
export function serviceStatusJson(name: string, overrides: Partial<ServiceStatusJson> = {}): ServiceStatusJson {
  return { ...toServiceJson(serviceStatus(name), 0), ...overrides };
}

/** A run of one second that exited by itself with code 0. */
export function exitRecord(overrides: Partial<ExitRecord> = {}): ExitRecord {
  return {
    pid: 1,
    code: 0,
    signal: null,
    startedAt: 0,
    endedAt: 1_000,
    durationMs: 1_000,
    stoppedByUs: false,
    forced: false,
    ...overrides,
  };
}
