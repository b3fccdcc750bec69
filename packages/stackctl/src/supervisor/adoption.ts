// Re-adoption: a new host takes over the live processes an earlier host recorded, and settles the records of the others.
import { errorDetail } from '../health/health-checker.js';
import type { ProjectCgroups } from '../system/cgroup/index.js';
import type { ChildHandle, OutputPaths, Platform } from '../system/platform.js';
import type { RunLedger } from './run-ledger.js';
import type { RunRecord } from './run-record.js';
import type { ServiceRunner } from './service-runner.js';

/** What `EngineHandle.adopt` found, service by service. */
export interface AdoptOutcome {
  /** Their recorded process is alive and the very one (fingerprint): now `running`, watched by this host. */
  readonly adopted: readonly string[];
  /** Their process ended while no host watched: now `exited`, record removed. */
  readonly ended: readonly string[];
  /**
   * Their PID now belongs to another program, or the process there does not match the record
   * exactly (another command, another process group): never signalled, record removed, left `stopped`.
   */
  readonly reused: readonly string[];
  /**
   * Records left in place, each with a warning event: they name no configured service (a config
   * changed while the process ran; the CLI may report or clean them up), the service was already
   * started by this host, or there is no process table to verify them with.
   */
  readonly skipped: readonly RunRecord[];
}

export interface AdoptionContext {
  readonly ledger: RunLedger;
  readonly platform: Platform;
  readonly runner: (service: string) => ServiceRunner | undefined;
  readonly warn: (service: string, message: string) => void;
  /** The project's cgroups, to empty a recorded one whose leader died unwatched; null: none. */
  readonly cgroups?: ProjectCgroups | null;
}

/** Goes through every run record once; nothing here throws for a single bad record. */
export function adoptRecords(context: AdoptionContext): AdoptOutcome {
  const { ledger, warn } = context;
  const adopted: string[] = [];
  const ended: string[] = [];
  const reused: string[] = [];
  const skipped: RunRecord[] = [];
  for (const record of ledger.records()) {
    const { service, pid } = record;
    const runner = context.runner(service);
    const verdict = ledger.verdict(record);
    if (runner === undefined || runner.state !== 'stopped' || verdict === null) {
      const why =
        runner === undefined
          ? 'names no configured service'
          : verdict === null
            ? 'cannot be verified without a process table'
            : 'was not adopted: the service was already started by this host';
      warn(service, `run record of pid ${pid} ${why}; left as it is`);
      skipped.push(record);
      continue;
    }
    const current = ledger.processTable?.info(pid) ?? null;
    // Adopted only with proof: start time AND command as recorded, and the real process group the recorded one.
    const mismatch = verdict === 'command-changed' ? 'command' : verdict === 'match' && current !== null && current.pgid !== record.pgid ? 'process group' : null;
    if (mismatch !== null) {
      const seen = mismatch === 'command' ? (current?.command ?? 'unknown') : `group ${current?.pgid ?? '?'}`;
      warn(service, `pid ${pid} does not match its run record (its ${mismatch} is now ${seen}): not adopted, not signalled, record removed`);
      ledger.remove(service);
      ledger.releaseOutput(service, record.output);
      reused.push(service);
      continue;
    }
    switch (verdict) {
      case 'command-changed':
      case 'match': {
        const { child, output } = attachRecorded(context, record);
        runner.adopt(record, child, output);
        adopted.push(service);
        break;
      }
      case 'gone':
        // With a cgroup, what is left is known exactly; without, only the group's members can be noted.
        if (!killCgroupLeftovers(context, record)) noteLeftovers(context, record);
        ledger.remove(service);
        ledger.releaseOutput(service, record.output);
        runner.adoptEnded(record);
        ended.push(service);
        break;
      case 'reused': {
        const program = ledger.processTable?.info(pid)?.command ?? 'unknown';
        warn(service, `pid ${pid} now belongs to another program (${program}): not signalled, record removed`);
        ledger.remove(service);
        ledger.releaseOutput(service, record.output);
        reused.push(service);
        break;
      }
    }
  }
  return { adopted, ended, reused, skipped };
}

/** Attaches to the recorded process; when its FIFOs cannot be reopened, without its output (with a warning). */
function attachRecorded(context: AdoptionContext, record: RunRecord): { child: ChildHandle; output: OutputPaths | null } {
  const { platform, ledger } = context;
  const { pid, pgid, startTime, command, service } = record;
  const isAlive = (): boolean => ledger.isAlive({ pid, pgid, startTime, command });
  try {
    return { child: platform.attach({ pid, pgid, output: record.output, isAlive }), output: record.output };
  } catch (error) {
    context.warn(service, `cannot reopen the output of pid ${pid} (${errorDetail(error)}): it is lost from now on`);
    ledger.releaseOutput(service, record.output);
    return { child: platform.attach({ pid, pgid, output: null, isAlive }), output: null };
  }
}

/**
 * The leader died unwatched, and its recorded cgroup still holds processes: those are provably the
 * service's (nothing else can be in its cgroup), orphans of a run that is over. They are killed at
 * once (cgroup.kill), as nobody watches them; the empty cgroup goes with the next run's end.
 */
function killCgroupLeftovers(context: AdoptionContext, record: RunRecord): boolean {
  const cgroup = record.cgroup === undefined ? null : (context.cgroups?.open(record.cgroup, record.service) ?? null);
  if (cgroup === null) return false;
  const members = cgroup.members();
  if (members.length === 0) {
    cgroup.remove();
    context.cgroups?.cleanUp();
    return true;
  }
  cgroup.kill();
  context.warn(record.service, `pid ${record.pid} had ended; killed what was left in its cgroup (${members.join(', ')})`);
  return true;
}

/**
 * The leader died unwatched but its group lives on. After an unwatched gap, nothing proves that
 * group id was not freed and taken by another program meanwhile, so its members are not signalled.
 */
function noteLeftovers(context: AdoptionContext, record: RunRecord): void {
  // An external process's group was never ours (a shell's, say): what else lives in it is not our business.
  if (record.origin === 'external' || !context.platform.groupAlive(record.pgid)) return;
  const members = context.ledger.processTable?.groupMembers(record.pgid) ?? [];
  const which = members.length === 0 ? '' : ` (${members.join(', ')})`;
  context.warn(
    record.service,
    `pid ${record.pid} had ended, but processes of its group ${record.pgid} are still running${which}: left alone`,
  );
}
