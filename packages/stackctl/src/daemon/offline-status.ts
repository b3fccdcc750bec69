// `status` when no host runs: every configured service `stopped`, except what live run records show running.
import { toExternalJson, type ServiceStatusJson, type StatusJson } from '../api/index.js';
import type { ResolvedConfig } from '../config/types.js';
import type { RunRecord, RunRecordStore } from '../supervisor/run-record.js';
import type { ExternalProcess } from '../supervisor/types.js';
import { checkFingerprint, type ProcessTable } from '../system/process-table/index.js';

/** The records whose process is still the one recorded (same pid and start time). */
export function liveRunRecords(store: RunRecordStore, table: ProcessTable): RunRecord[] {
  return store.readAll().filter((record) => {
    const verdict = checkFingerprint(table, record);
    return verdict === 'match' || verdict === 'command-changed';
  });
}

/**
 * Pure: the `status --json` shape from the config and the live records (in config order, unknown
 * services last). `external`: the processes stackctl did not start found holding a service's port
 * (see daemon/external-holders.ts); a service without a live record is then `stopped`, origin `external`.
 */
export function offlineStatus(
  config: ResolvedConfig,
  live: readonly RunRecord[],
  now: number,
  external: ReadonlyMap<string, ExternalProcess> = new Map(),
): StatusJson {
  const byService = new Map(live.map((record) => [record.service, record]));
  const entry = (name: string, ports: readonly number[], record: RunRecord | undefined): ServiceStatusJson => {
    const holder = record === undefined ? external.get(name) : adoptedHolder(record, ports);
    return {
      name,
      state: record === undefined ? 'stopped' : 'running',
      health: 'none',
      origin: holder === undefined ? (record?.origin ?? 'managed') : 'external',
      pid: record?.pid ?? holder?.pid ?? null,
      ports: [...ports],
      restarts: record?.restarts ?? 0,
      uptime_ms: record === undefined ? null : Math.max(0, now - record.startedAt),
      cpu_percent: null,
      memory_bytes: null,
      external: holder === undefined ? null : toExternalJson(holder),
      attached: record?.attached === true,
      log_loss: null,
    };
  };
  const services = Object.values(config.services).map((service) => entry(service.name, service.ports, byService.get(service.name)));
  for (const record of live) if (config.services[record.service] === undefined) services.push(entry(record.service, [], record));
  return { project: config.project, services };
}

/** An adopted external process, as its run record tells it (its cwd is not recorded). */
function adoptedHolder(record: RunRecord, ports: readonly number[]): ExternalProcess | undefined {
  if (record.origin !== 'external') return undefined;
  return { pid: record.pid, command: record.command, cwd: null, startedAt: record.startedAt, port: ports[0] ?? 0 };
}
