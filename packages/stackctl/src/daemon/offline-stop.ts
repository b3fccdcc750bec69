// `stackctl stop` with no host running: stops what the run records name, only what is proven the service's.
import type { ResolvedConfig } from '../config/types.js';
import { DEFAULTS } from '../config/defaults.js';
import { parseDuration } from '../config/durations.js';
import { DependencyGraph } from '../supervisor/dependency-graph.js';
import type { RunRecord, RunRecordStore } from '../supervisor/run-record.js';
import { ServiceSignals } from '../supervisor/service-signals.js';
import { planIsEmpty, type LeaderProof, type ProcessRef } from '../supervisor/signal-plan.js';
import { removeFifos } from '../system/fifo.js';
import type { Platform } from '../system/platform.js';
import type { ProcessTable } from '../system/process-table/index.js';
import { drainOutput } from './drain-output.js';
import { stopRecordedCgroup } from './offline-stop-cgroup.js';
import type { ServiceLogFiles } from './service-log-files.js';
import { pollUntil } from '../system/poll-until.js';

export type OfflineStopOutcome =
  /** Ended after its stop signal. */
  | 'stopped'
  /** Needed SIGKILL after stop_timeout. */
  | 'killed'
  /** Still there after SIGKILL: reported, its record kept. */
  | 'survived'
  /** Its process was already gone and nothing of it could be proven alive: nothing signalled, the record is removed. */
  | 'not-running'
  /** Another process has the pid now: never signalled; the record is removed. */
  | 'pid-reused'
  /**
   * The pid's process does not match the record exactly (another command, another process
   * group): no proof it is the service's, so nothing signalled; the record is removed.
   */
  | 'unproven';

export interface OfflineStopResult {
  readonly service: string;
  readonly pid: number;
  readonly outcome: OfflineStopOutcome;
  /** Processes that got SIGKILL (pid and command). */
  readonly killed: readonly ProcessRef[];
  /** Processes proven the service's still alive after SIGKILL. */
  readonly survivors: readonly ProcessRef[];
  /** What was found, in a few words, when it was not simply the recorded process (for the user). */
  readonly note: string | null;
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
 * engine does it: stop_signal, up to stop_timeout, then SIGKILL — to what signal-plan.ts proves
 * the service's, and to nothing else: its group only while the recorded leader is alive with its
 * exact fingerprint and real process group; otherwise (and for what left the group) the recorded
 * members whose fingerprint still matches and their descendants, one by one. When nothing is
 * proven, nothing is signalled and the record is removed, with a note saying why. An adopted
 * external process (origin `external`), or one that ran attached to a terminal (`stackctl run`),
 * sits in a group it does not lead: it and its descendants are signalled pid by pid, never that group.
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
  const signals = new ServiceSignals(record, record.members ?? [], { platform, processTable });
  const first = signals.plan();
  const result = (outcome: OfflineStopOutcome, extra: Partial<OfflineStopResult> = {}): OfflineStopResult => ({
    service: record.service,
    pid: record.pid,
    outcome,
    killed: [],
    survivors: [],
    note: null,
    ...extra,
  });
  if (planIsEmpty(first)) {
    forget(record, store);
    return nothingProven(record, first.leader, processTable, result);
  }

  const service = options.config.services[record.service];
  const stopSignal = service?.stopSignal ?? DEFAULTS.stopSignal;
  const timeoutMs = service?.stopTimeoutMs ?? parseDuration(DEFAULTS.stopTimeout);
  const { pollMs = 25, killWaitMs = 2000 } = options;
  const drain = record.output === null || options.logFiles === undefined ? null : drainOutput(record, options.logFiles);
  const gone = (): boolean => !signals.alive();
  let outcome: OfflineStopOutcome = 'stopped';
  let killed: ProcessRef[] = [];
  signals.signal(stopSignal);
  if (!(await pollUntil(gone, timeoutMs, pollMs))) {
    killed = [...signals.signal('SIGKILL').reached];
    outcome = (await pollUntil(gone, killWaitMs, pollMs)) ? 'killed' : 'survived';
  }
  const survivors = outcome === 'survived' ? signals.remaining() : [];
  await drain?.finished();
  if (outcome !== 'survived') forget(record, store);
  const note = first.leader === 'proven' ? null : `its process ${record.pid} was ${describeProof(first.leader)}; signalled only the processes proven its (${first.reached.map((each) => each.pid).join(', ')})`;
  return result(outcome, { killed, survivors, note });
}

/** The record named nothing provably alive: why, for the user. */
function nothingProven(
  record: RunRecord,
  proof: LeaderProof,
  table: ProcessTable,
  result: (outcome: OfflineStopOutcome, extra?: Partial<OfflineStopResult>) => OfflineStopResult,
): OfflineStopResult {
  switch (proof) {
    case 'reused':
      return result('pid-reused', { note: `pid ${record.pid} now belongs to another program (${table.info(record.pid)?.command ?? 'unknown'}); nothing signalled` });
    case 'command-changed':
    case 'group-mismatch':
      return result('unproven', { note: `pid ${record.pid} is ${describeProof(proof)}; nothing signalled` });
    case 'gone':
    case 'proven':
      return result('not-running', { note: 'its process is gone; nothing signalled' });
  }
}

function describeProof(proof: LeaderProof): string {
  switch (proof) {
    case 'gone':
      return 'gone';
    case 'reused':
      return 'reused by another program';
    case 'command-changed':
      return 'running another command than recorded';
    case 'group-mismatch':
      return 'in another process group than recorded';
    case 'proven':
      return 'the recorded process';
  }
}

function forget(record: RunRecord, store: RunRecordStore): void {
  store.remove(record.service);
  if (record.output !== null) removeFifos(record.output);
}
