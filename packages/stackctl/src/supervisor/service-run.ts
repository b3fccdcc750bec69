// One process of a service, spawned or adopted: output lines, health monitor, fingerprint-guarded group termination, exit record.
import type { ResolvedService } from '../config/types.js';
import type { HealthCheckers } from '../health/health-checker.js';
import { HealthMonitor } from '../health/health-monitor.js';
import type { Clock } from '../system/clock.js';
import type { ServiceCgroup } from '../system/cgroup/index.js';
import type { ChildHandle, ExitStatus, OutputPaths, Platform } from '../system/platform.js';
import { compareFingerprint, type ProcessFingerprint, type ProcessTable } from '../system/process-table/index.js';
import type { SupervisorDefaults } from './defaults.js';
import { ExternalTree } from './external-tree.js';
import { OutputCapture } from './output-capture.js';
import type { ServiceOrigin } from './run-record.js';
import { terminateGroup, type CgroupControl, type TerminateResult } from './terminate-group.js';
import type { ExitRecord, HealthState, OutputStream } from './types.js';

export interface RunDeps {
  readonly platform: Platform;
  readonly clock: Clock;
  readonly checkers: HealthCheckers;
  readonly defaults: SupervisorDefaults;
  /** Read before every signal to check the fingerprint; null: no check (an OS without a process table). */
  readonly processTable: ProcessTable | null;
}

/** How a run reports back to the runner that owns it. */
export interface RunHooks {
  /** The complete lines of one chunk read from the stream. */
  readonly onOutput: (stream: OutputStream, lines: readonly string[]) => void;
  readonly onHealth: (to: HealthState, detail: string) => void;
  readonly onWarning: (message: string) => void;
}

/** Who the process is. */
export interface RunIdentity {
  readonly pid: number;
  /** The group signals go to (the pid itself for a process we spawned). */
  readonly pgid: number;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Checked before every signal; null when it could not be read (the process then counts as ours). */
  readonly fingerprint: ProcessFingerprint | null;
  /** The FIFOs it writes to; null when its output comes through anonymous pipes. */
  readonly output: OutputPaths | null;
  /** Bytes of unfinished lines an earlier host had read (adoption): they come first. */
  readonly carry?: { readonly stdout: Buffer; readonly stderr: Buffer };
  /**
   * `external`: a process stackctl did not start (an adopted port holder). It is signalled through
   * ExternalTree — its own group only when it leads one, else pid by pid — and its group's other
   * processes are never stopped when it exits. Default `managed`.
   */
  readonly origin?: ServiceOrigin;
  /**
   * A process started in a user's terminal (`stackctl run`): origin `managed`, but it lives in that
   * terminal's process group, so it is signalled as an external one is — it and its descendants,
   * never the group (which holds the CLI waiting for it) — and never restarted.
   */
  readonly attached?: boolean;
  /**
   * The cgroup the process was started in (Linux, see system/cgroup/): everything in it is the
   * service's, whatever its process group; stop waits for it to be empty and ends with cgroup.kill.
   */
  readonly cgroup?: ServiceCgroup | null;
}

/** What a detaching host leaves for the next: the bytes of each stream's unfinished last line. */
export interface OutputCarry {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

export class ServiceRun {
  readonly pid: number;
  readonly pgid: number;
  readonly startedAt: number;
  readonly fingerprint: ProcessFingerprint | null;
  readonly output: OutputPaths | null;
  readonly origin: ServiceOrigin;
  /** Runs in a user's terminal (see RunIdentity.attached). */
  readonly attached: boolean;
  /** Its cgroup (see RunIdentity.cgroup); null when it runs in none. */
  readonly cgroup: ServiceCgroup | null;
  /** Resolves with the exit record once the leader exited and any termination under way finished. */
  readonly ended: Promise<ExitRecord>;
  /** Settles when the leader exited (or the run was abandoned), before any termination finishes. */
  readonly #leaderGone: Promise<ExitStatus>;
  readonly #monitor: HealthMonitor | null;
  /** Signalled as a tree, not as its own group: an external or attached process. */
  readonly #tree: boolean;
  /** How such a process is signalled; null for one signalled by group — or when it cannot be (no process table). */
  readonly #external: ExternalTree | null;
  #captures: OutputCapture[] = [];
  #stopRequested = false;
  #leaderExited = false;
  /** The PID turned out to belong to another program: never signalled again, the run counts as ended. */
  #abandoned = false;
  #abandon: (status: ExitStatus) => void = () => {};
  /** This host let go (EngineHandle.detach): the process is left alone, whatever happens to it. */
  #detached = false;
  #termination: Promise<TerminateResult> | null = null;
  #escalate = (): void => {};
  readonly #escalation = new Promise<void>((resolve) => (this.#escalate = resolve));

  constructor(
    private readonly child: ChildHandle,
    private readonly service: ResolvedService,
    private readonly deps: RunDeps,
    private readonly hooks: RunHooks,
    private readonly identity: RunIdentity,
  ) {
    this.pid = identity.pid;
    this.pgid = identity.pgid;
    this.startedAt = identity.startedAt;
    this.fingerprint = identity.fingerprint;
    this.output = identity.output;
    this.origin = identity.origin ?? 'managed';
    this.attached = identity.attached === true;
    this.cgroup = identity.cgroup ?? null;
    this.#tree = this.origin === 'external' || this.attached;
    const { processTable, platform } = deps;
    this.#external =
      this.#tree && identity.fingerprint !== null && processTable !== null
        ? new ExternalTree(identity.fingerprint, { platform, processTable })
        : null;
    this.#monitor = this.#createMonitor();
    const abandoned = new Promise<ExitStatus>((resolve) => (this.#abandon = resolve));
    this.#leaderGone = Promise.race([child.exited, abandoned]);
    this.ended = this.#leaderGone.then((status) => {
      this.#leaderExited = true;
      return this.#finish(status);
    });
  }

  /** True once stop() was called. */
  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  get hasMonitor(): boolean {
    return this.#monitor !== null;
  }

  /** Starts reading output and checking health. */
  start(): void {
    const { maxLineLength } = this.deps.defaults;
    const { carry } = this.identity;
    this.#captures = [
      new OutputCapture(this.child.stdout, (lines) => this.hooks.onOutput('stdout', lines), maxLineLength, carry?.stdout),
      new OutputCapture(this.child.stderr, (lines) => this.hooks.onOutput('stderr', lines), maxLineLength, carry?.stderr),
    ];
    this.#monitor?.start();
  }

  /** stop_signal to the group, SIGKILL after stop_timeout (or at once when `immediate`); escalates a stop under way. */
  stop(immediate: boolean): Promise<TerminateResult> {
    this.#stopRequested = true;
    this.#monitor?.stop();
    return this.#terminate(immediate);
  }

  /**
   * Lets go of the process, which keeps running: no more health checks, polling or signals, and
   * `ended` no longer matters. Returns the unfinished lines already read, for the next host.
   */
  detach(): OutputCarry {
    this.#detached = true;
    this.#monitor?.stop();
    this.child.release?.();
    const [stdout, stderr] = this.#captures.map((capture) => capture.detach());
    return { stdout: stdout ?? Buffer.alloc(0), stderr: stderr ?? Buffer.alloc(0) };
  }

  /** Closes the output readers (after delivering what was read): a new run is about to read the same FIFOs. */
  closeOutput(): void {
    for (const capture of this.#captures) capture.close();
  }

  #terminate(immediate: boolean): Promise<TerminateResult> {
    if (this.#termination !== null) {
      if (immediate) this.#escalate();
      return this.#termination;
    }
    const { clock, defaults } = this.deps;
    this.#termination = terminateGroup({
      clock,
      signalGroup: (signal) => this.#signalGroup(signal),
      groupAlive: () => !this.#abandoned && !this.#detached && this.#groupAlive(),
      leaderExited: () => this.#leaderExited || this.#abandoned,
      leaderExit: this.#leaderGone,
      signal: this.service.stopSignal,
      timeoutMs: this.service.stopTimeoutMs,
      immediate,
      escalate: this.#escalation,
      pollMs: defaults.stopPollMs,
      killWaitMs: defaults.killWaitMs,
      ...(this.cgroup === null ? {} : { cgroup: this.#cgroupControl(this.cgroup) }),
    }).then((result) => {
      if (!result.gone) {
        const where = this.cgroup?.populated() === true ? `cgroup ${this.cgroup.path}` : `process group ${this.pgid}`;
        this.hooks.onWarning(`${where} was still there ${defaults.killWaitMs}ms after SIGKILL`);
      }
      return result;
    });
    return this.#termination;
  }

  /** The managed group, or the external (or attached) process's tree, still has a live member. */
  #groupAlive(): boolean {
    if (this.#tree) return this.#external?.alive() ?? false;
    return this.deps.platform.groupAlive(this.pgid);
  }

  /** Signals the group only after the fingerprint check: a PID now used by another program is never signalled. */
  #signalGroup(signal: NodeJS.Signals): void {
    if (this.#detached) return;
    const { platform } = this.deps;
    if (this.#tree) {
      // Gone or not, the tree re-checks each process's fingerprint itself.
      if (this.#verify() !== 'reused') this.#external?.signal(signal);
      return;
    }
    switch (this.#verify()) {
      case 'ours':
        platform.signalGroup(this.pgid, signal);
        return;
      case 'gone':
        // The leader is gone; while members remain they pin the group id, so the group is still ours.
        if (platform.groupAlive(this.pgid)) platform.signalGroup(this.pgid, signal);
        return;
      case 'reused':
        return;
    }
  }

  /**
   * Compares the leader with its fingerprint. `command-changed` counts as ours: same start time,
   * the leader only exec'd (`sh -c 'exec node …'`). `reused` abandons the run, with a warning.
   */
  #verify(): 'ours' | 'gone' | 'reused' {
    if (this.#abandoned) return 'reused';
    const { processTable } = this.deps;
    if (this.fingerprint === null || processTable === null) return 'ours';
    const current = processTable.info(this.fingerprint.pid);
    const verdict = compareFingerprint(current, this.fingerprint);
    if (verdict === 'gone') return 'gone';
    if (verdict !== 'reused') return 'ours';
    this.#abandoned = true;
    const program = current?.command ?? 'unknown';
    this.hooks.onWarning(`pid ${this.pid} now belongs to another program (${program}): not signalled, record removed`);
    this.#abandon({ code: null, signal: null });
    return 'reused';
  }

  /** The run's cgroup as the stop policy uses it; a host that let go (detach) no longer touches it. */
  #cgroupControl(cgroup: ServiceCgroup): CgroupControl {
    return {
      populated: () => !this.#detached && cgroup.populated(),
      members: () => cgroup.members(),
      signalStrays: (signal) => {
        if (!this.#detached) cgroup.signalOutsideGroup(this.pgid, signal);
      },
      kill: () => {
        if (!this.#detached) cgroup.kill();
      },
    };
  }

  async #finish(status: ExitStatus): Promise<ExitRecord> {
    const endedAt = this.deps.clock.now();
    const stoppedByUs = this.#stopRequested;
    this.#monitor?.stop();
    if (this.#abandoned) this.closeOutput();
    // Descendants that outlive a leader which exited by itself would hold ports and pipes: they go too.
    // Not for an external or attached process: its group is a shell's, a terminal's or a test runner's, none of ours.
    const leftovers =
      !this.#detached && !this.#abandoned && !this.#tree && (this.deps.platform.groupAlive(this.pgid) || this.cgroup?.populated() === true);
    if (!stoppedByUs && this.#termination === null && leftovers) {
      const where = this.cgroup === null ? '' : ' or its cgroup';
      this.hooks.onWarning(`the process exited, others in its group (${this.pgid})${where} were still running; stopping them`);
      void this.#terminate(false);
    }
    const termination = this.#termination === null ? null : await this.#termination;
    return {
      pid: this.pid,
      code: status.code,
      signal: status.signal,
      startedAt: this.startedAt,
      endedAt,
      durationMs: endedAt - this.startedAt,
      stoppedByUs,
      forced: termination?.forced ?? false,
    };
  }

  #createMonitor(): HealthMonitor | null {
    const health = this.service.health;
    if (health === null) return null;
    return new HealthMonitor({
      health,
      checkers: this.deps.checkers,
      clock: this.deps.clock,
      cwd: this.service.cwd,
      env: this.service.env,
      startedAt: this.startedAt,
      startProbeIntervalMs: this.deps.defaults.startProbeIntervalMs,
      onChange: (_from, to, detail) => this.hooks.onHealth(to, detail),
    });
  }
}
