// `stop` with no host, for a record with a cgroup: after the process group, whatever is still in the service's cgroup is stopped too.
import { rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import { parseDuration } from '../config/durations.js';
import type { RunRecord } from '../supervisor/run-record.js';
import { recordedCgroup, stopCgroup } from '../system/cgroup/index.js';
import type { OfflineStopOptions, OfflineStopResult } from './offline-stop.js';

/**
 * Runs after the record's own stop (`result`). Members left in the cgroup — children that left
 * the process group, or survivors of a leader that died unwatched — are provably the service's
 * (only its processes can be in its cgroup), so they are stopped even when the leader's pid was
 * gone or reused: stop_signal to each (straight to cgroup.kill when the group already needed
 * SIGKILL), cgroup.kill after stop_timeout, and the empty folders removed. The outcome then says
 * what it took; `survived` keeps the record. A record whose cgroup path is not this project's
 * cgroup for the service (see recordedCgroup) is left to the group stop alone.
 */
export async function stopRecordedCgroup(result: OfflineStopResult, record: RunRecord, options: OfflineStopOptions): Promise<OfflineStopResult> {
  if (record.cgroup === undefined) return result;
  const { config } = options;
  const cgroup = recordedCgroup(record.cgroup, { project: config.project, root: config.root, service: record.service });
  if (cgroup === null) return result;
  const service = config.services[record.service];
  const stopped = await stopCgroup(cgroup, {
    signal: service?.stopSignal ?? DEFAULTS.stopSignal,
    timeoutMs: service?.stopTimeoutMs ?? parseDuration(DEFAULTS.stopTimeout),
    immediate: result.outcome === 'killed',
    pollMs: options.pollMs ?? 25,
    killWaitMs: options.killWaitMs ?? 2000,
  });
  removeIfEmpty(cgroup.path);
  if (stopped.found === 0) return result;
  // The recorded pid was gone or another program's: name a process the cgroup proved the service's instead.
  const pid = result.outcome === 'not-running' || result.outcome === 'pid-reused' ? (stopped.pids[0] ?? result.pid) : result.pid;
  if (!stopped.gone) {
    // Its record was removed with the group gone: keep it, so a later stop finds the survivors.
    options.store.write(record);
    return { ...result, pid, outcome: 'survived' };
  }
  if (result.outcome === 'survived') return result;
  return { ...result, pid, outcome: stopped.killed > 0 || result.outcome === 'killed' ? 'killed' : 'stopped' };
}

/** The project's cgroup folder, once its last service cgroup is gone. */
function removeIfEmpty(serviceCgroup: string): void {
  try {
    rmdirSync(dirname(serviceCgroup));
  } catch {
    // another service's cgroup is still there, or it is gone
  }
}
