// Which processes are a service's own: its live run record's, or the pid the running host (`up` or the daemon) reports for it.
import fs from 'node:fs';
import { createApiClient } from '../../api/api-client.js';
import type { ServiceStatusJson } from '../../api/status-json.js';
import { daemonPathsFor } from '../../daemon/daemon-paths.js';
import { openRunRecordStore } from '../../daemon/run-record-store.js';
import { checkFingerprint, type ProcessTable } from '../../system/process-table/index.js';

/** The process stackctl runs as a service, and whether the group it leads is stackctl's to claim. */
interface OwnProcess {
  readonly pid: number;
  /** Managed processes lead their own group; adopted and terminal-attached ones do not. */
  readonly group: number | null;
}

/** Service name → whether `pid` is one of its processes. */
export type OwnershipTest = (service: string) => (pid: number) => boolean;

/** States in which the host has no process for a service (a pid it shows then is an external holder's). */
const RESTING = new Set(['stopped', 'exited', 'failed']);

/**
 * Reads the live run records and, when a host answers on the socket, its status (`up` keeps no run
 * records). A pid is a service's own when it is the recorded or reported process, in the group
 * that process leads, or below it in the process tree.
 */
export async function serviceOwnership(root: string, table: ProcessTable | null, timeoutMs = 1000): Promise<OwnershipTest> {
  const paths = daemonPathsFor(root);
  const own = new Map<string, OwnProcess[]>();
  const add = (service: string, process: OwnProcess): void => {
    own.set(service, [...(own.get(service) ?? []), process]);
  };
  for (const record of openRunRecordStore(paths.runDir).readAll()) {
    const verdict = table === null ? 'match' : checkFingerprint(table, record);
    if (verdict !== 'match' && verdict !== 'command-changed') continue;
    add(record.service, { pid: record.pid, group: record.origin === 'managed' && record.attached !== true ? record.pgid : null });
  }
  for (const status of await hostStatus(paths.socket, timeoutMs)) {
    if (status.pid === null || RESTING.has(status.state)) continue;
    add(status.name, { pid: status.pid, group: status.origin === 'managed' && !status.attached ? status.pid : null });
  }
  return (service) => {
    const processes = own.get(service) ?? [];
    return (pid) => processes.some((process) => belongsTo(pid, process, table));
  };
}

function belongsTo(pid: number, own: OwnProcess, table: ProcessTable | null): boolean {
  if (pid === own.pid) return true;
  const info = table?.info(pid) ?? null;
  if (table === null || info === null) return false;
  if (own.group !== null && info.pgid === own.group) return true;
  const seen = new Set<number>();
  for (let parent = info.ppid; parent > 1 && !seen.has(parent); parent = table.info(parent)?.ppid ?? 0) {
    if (parent === own.pid) return true;
    seen.add(parent);
  }
  return false;
}

/** The services as the host reports them; none when no host answers. */
async function hostStatus(socket: string, timeoutMs: number): Promise<readonly ServiceStatusJson[]> {
  if (!fs.existsSync(socket)) return [];
  try {
    return (await createApiClient(socket, { timeoutMs }).services()).services;
  } catch {
    return [];
  }
}
