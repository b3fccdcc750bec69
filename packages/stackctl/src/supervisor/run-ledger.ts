// What the engine keeps outside its memory: run records, process fingerprints and each service's output FIFOs.
import { fifoPaths, removeFifos } from '../system/fifo.js';
import type { OutputPaths } from '../system/platform.js';
import {
  checkFingerprint,
  takeFingerprint,
  type FingerprintVerdict,
  type ProcessFingerprint,
  type ProcessTable,
} from '../system/process-table/index.js';
import type { RunRecord, RunRecordStore } from './run-record.js';
import type { OutputCarry, RunIdentity } from './service-run.js';

export interface RunLedgerOptions {
  /** Null: nothing is recorded (a host nothing can be re-adopted from, or stopped after it died). */
  readonly store: RunRecordStore | null;
  /** Null: no fingerprints, so nothing can be verified (an OS without a process table). */
  readonly processTable: ProcessTable | null;
  /** FIFO output mode: the folder of the FIFOs; null: anonymous pipes. */
  readonly fifoDir: string | null;
  /** A record or FIFO that could not be written or removed: re-adoption may then not work. */
  readonly warn: (service: string, message: string) => void;
}

/** Every failure here is reported and swallowed: bookkeeping must never stop a service. */
export class RunLedger {
  constructor(private readonly options: RunLedgerOptions) {}

  get processTable(): ProcessTable | null {
    return this.options.processTable;
  }

  /** The FIFOs a new run of `service` writes to, or null for anonymous pipes. */
  outputFor(service: string): OutputPaths | null {
    return this.options.fifoDir === null ? null : fifoPaths(this.options.fifoDir, service);
  }

  /** The fingerprint of a just-spawned process; null when there is no table or it is gone already. */
  fingerprint(pid: number): ProcessFingerprint | null {
    return this.options.processTable === null ? null : takeFingerprint(this.options.processTable, pid);
  }

  /** How the recorded process compares with the PID's process now; null when it cannot be told. */
  verdict(recorded: ProcessFingerprint): FingerprintVerdict | null {
    return this.options.processTable === null ? null : checkFingerprint(this.options.processTable, recorded);
  }

  /** Still the very process (possibly after an exec)? What an attached process is polled with. */
  isAlive(recorded: ProcessFingerprint): boolean {
    const verdict = this.verdict(recorded);
    return verdict === 'match' || verdict === 'command-changed';
  }

  records(): RunRecord[] {
    try {
      return this.options.store?.readAll() ?? [];
    } catch (error) {
      this.options.warn('stackctl', `cannot read the run records: ${(error as Error).message}`);
      return [];
    }
  }

  write(record: RunRecord): void {
    this.#attempt(record.service, 'cannot write the run record', () => this.options.store?.write(record));
  }

  /**
   * Writes the record of a live run: the fingerprint a later host checks before adopting or
   * signalling. `carry`: a detaching host's unfinished lines. Skipped without a fingerprint.
   */
  recordRun(service: string, run: Omit<RunIdentity, 'carry'>, restarts: number, carry?: OutputCarry): void {
    const { fingerprint, members = [] } = run;
    if (fingerprint === null) return;
    const record: RunRecord = {
      service,
      pid: run.pid,
      pgid: run.pgid,
      startTime: fingerprint.startTime,
      command: fingerprint.command,
      startedAt: run.startedAt,
      restarts,
      origin: run.origin ?? 'managed',
      ...(run.attached === true ? { attached: true as const } : {}),
      ...(run.cgroup == null ? {} : { cgroup: run.cgroup.path }),
      output: run.output,
      ...(members.length > 0 ? { members } : {}),
    };
    this.write(carry === undefined ? record : { ...record, pendingOutput: encodeCarry(carry) });
  }

  remove(service: string): void {
    this.#attempt(service, 'cannot remove the run record', () => this.options.store?.remove(service));
  }

  /** Removes a finished service's FIFOs (open ends keep working). */
  releaseOutput(service: string, output: OutputPaths | null): void {
    if (output !== null) this.#attempt(service, 'cannot remove the output pipes', () => removeFifos(output));
  }

  #attempt(service: string, what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.options.warn(service, `${what}: ${(error as Error).message}`);
    }
  }
}

/** RunRecord.pendingOutput: the bytes as base64 (an unfinished line may end inside a UTF-8 character). */
export function encodeCarry(carry: OutputCarry): NonNullable<RunRecord['pendingOutput']> {
  return { stdout: carry.stdout.toString('base64'), stderr: carry.stderr.toString('base64') };
}

export function decodeCarry(pending: RunRecord['pendingOutput']): OutputCarry | undefined {
  if (pending === undefined) return undefined;
  return { stdout: Buffer.from(pending.stdout, 'base64'), stderr: Buffer.from(pending.stderr, 'base64') };
}
