// `stackctl stop` with no host running: stops what the run records name, after checking each fingerprint.
import type { ResolvedConfig } from '../config/types.js';
import { DEFAULTS } from '../config/defaults.js';
import { parseDuration } from '../config/durations.js';
import { DependencyGraph } from '../supervisor/dependency-graph.js';
import { ExternalTree } from '../supervisor/external-tree.js';
import type { RunRecord, RunRecordStore } from '../supervisor/run-record.js';
import { removeFifos } from '../system/fifo.js';
import type { Platform } from '../system/platform.js';
import { checkFingerprint, type ProcessTable } from '../system/process-table/index.js';
import { drainOutput } from './drain-output.js';
import { stopRecordedCgroup } from './offline-stop-cgroup.js';
import type { ServiceLogFiles } from './service-log-files.js';

export type OfflineStopOutcome =
  /** Ended after its stop signal. */
  | 'stopped'
  /** Needed SIGKILL after stop_timeout. */
  | 'killed'
  /** Still there after SIGKILL: reported, its record kept. */
  | 'survived'
  /** Its process was already gone: the record was stale and is removed. */
  | 'not-running'
  /** Another process has the pid now: never signalled; the record is removed. */
  | 'pid-reused';

export interface OfflineStopResult {
  readonly service: string;
  readonly pid: number;
  readonly outcome: OfflineStopOutcome;
}

export interface OfflineStopOptions {
  readonly config: ResolvedConfig;
  readonly store: RunRecordStore;
  readonly processTable: ProcessTable;
  readonly platform: Platform;
  /** Only these services; all records when empty. */
  readonly names: readonly string[];
  /** Where the output still in a service's FIFOs goes while it stops. */
  readonly logFiles?: ServiceLogFiles;
  readonly pollMs?: number;
  /** After SIGKILL, how long to wait for the group to be gone. Default 2 s. */
  readonly killWaitMs?: number;
}

/**
 * Dependents stop before the services they depend on, independent ones in parallel, each like the
 * engine does it: stop_signal to the process group, up to stop_timeout, then SIGKILL. A record is
 * trusted only when the pid still has the recorded start time (`command-changed` too: same pid and
 * start time is the same process, after an `exec`). When the leader is gone but members of its
 * group live on, they are stopped only if none started before the leader did (a newer group with
 * the same id would have). An adopted external process (origin `external`) is stopped as the
 * engine stops it: its own group only when it leads one, else it and its descendants pid by pid;
 * so is a process that ran attached to a terminal (`stackctl run`), whose group is the terminal's.
 */
export async function stopFromRunRecords(options: OfflineStopOptions): Promise<OfflineStopResult[]> {
  const { config, store, names } = options;
  const wanted = new Set(names);
  const records = store.readAll().filter((record) => wanted.size === 0 || wanted.has(record.service));
  const byService = new Map(records.map((record) => [record.service, record]));
  const graph = new DependencyGraph(config.services);
  const tasks = new Map<string, Promise<OfflineStopResult>>();
  const stopOne = (record: RunRecord): Promise<OfflineStopResult> => {
    let task = tasks.get(record.service);
    if (task === undefined) {
      const known = config.services[record.service] !== undefined;
      const dependents = known ? graph.dependentsOf(record.service).flatMap((name) => byService.get(name) ?? []) : [];
      task = Promise.all(dependents.map(stopOne))
        .then(() => stopRecord(record, options))
        .then((result) => stopRecordedCgroup(result, record, options));
      tasks.set(record.service, task);
    }
    return task;
  };
  return Promise.all(records.map(stopOne));
}

async function stopRecord(record: RunRecord, options: OfflineStopOptions): Promise<OfflineStopResult> {
  const { store, processTable, platform } = options;
  const result = (outcome: OfflineStopOutcome): OfflineStopResult => ({ service: record.service, pid: record.pid, outcome });
  const verdict = checkFingerprint(processTable, record);
  if (verdict === 'reused') {
    forget(record, store);
    return result('pid-reused');
  }
  // An external or attached process's group was never ours (a shell's, a terminal's): its other members are left alone.
  const tree = record.origin === 'external' || record.attached === true;
  if (verdict === 'gone' && (tree || !orphansOf(record, processTable))) {
    forget(record, store);
    return result('not-running');
  }

  const service = options.config.services[record.service];
  const stopSignal = service?.stopSignal ?? DEFAULTS.stopSignal;
  const timeoutMs = service?.stopTimeoutMs ?? parseDuration(DEFAULTS.stopTimeout);
  const { pollMs = 25, killWaitMs = 2000 } = options;
  const drain = record.output === null || options.logFiles === undefined ? null : drainOutput(record, options.logFiles);
  const external = tree ? new ExternalTree(record, { platform, processTable }) : null;
  const signal = (which: NodeJS.Signals): unknown => external?.signal(which) ?? platform.signalGroup(record.pgid, which);
  const gone = (): boolean => (external === null ? !platform.groupAlive(record.pgid) : !external.alive());
  let outcome: OfflineStopOutcome = 'stopped';
  signal(stopSignal);
  if (!(await waitUntil(gone, timeoutMs, pollMs))) {
    signal('SIGKILL');
    outcome = (await waitUntil(gone, killWaitMs, pollMs)) ? 'killed' : 'survived';
  }
  await drain?.finished();
  if (outcome !== 'survived') forget(record, store);
  return result(outcome);
}

/** True when the leader is gone yet its group lives on, every member started no earlier than it. */
function orphansOf(record: RunRecord, table: ProcessTable): boolean {
  const members = table.groupMembers(record.pgid);
  if (members.length === 0) return false;
  return members.every((pid) => (table.info(pid)?.startTime ?? Number.POSITIVE_INFINITY) >= record.startTime);
}

function forget(record: RunRecord, store: RunRecordStore): void {
  store.remove(record.service);
  if (record.output !== null) removeFifos(record.output);
}

async function waitUntil(done: () => boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
