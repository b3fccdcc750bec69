// `status` when no host runs: every configured service `stopped`, except what live run records show running.
import type { ServiceStatusJson, StatusJson } from '../api/index.js';
import type { ResolvedConfig } from '../config/types.js';
import type { RunRecord, RunRecordStore } from '../supervisor/run-record.js';
import { checkFingerprint, type ProcessTable } from '../system/process-table/index.js';

/** The records whose process is still the one recorded (same pid and start time). */
export function liveRunRecords(store: RunRecordStore, table: ProcessTable): RunRecord[] {
  return store.readAll().filter((record) => {
    const verdict = checkFingerprint(table, record);
    return verdict === 'match' || verdict === 'command-changed';
  });
}

/** Pure: the `status --json` shape from the config and the live records (in config order, unknown services last). */
export function offlineStatus(config: ResolvedConfig, live: readonly RunRecord[], now: number): StatusJson {
  const byService = new Map(live.map((record) => [record.service, record]));
  const entry = (name: string, ports: readonly number[], record: RunRecord | undefined): ServiceStatusJson => ({
    name,
    state: record === undefined ? 'stopped' : 'running',
    health: 'none',
    origin: record?.origin ?? 'managed',
    pid: record?.pid ?? null,
    ports: [...ports],
    restarts: record?.restarts ?? 0,
    uptime_ms: record === undefined ? null : Math.max(0, now - record.startedAt),
    cpu_percent: null,
    memory_bytes: null,
  });
  const services = Object.values(config.services).map((service) => entry(service.name, service.ports, byService.get(service.name)));
  for (const record of live) if (config.services[record.service] === undefined) services.push(entry(record.service, [], record));
  return { project: config.project, services };
}
