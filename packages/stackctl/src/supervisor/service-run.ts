// One process of a service, spawned or adopted: output lines, health monitor, proof-guarded termination of its processes, exit record.
import type { ResolvedService } from '../config/types.js';
import type { HealthCheckers } from '../health/health-checker.js';
import { HealthMonitor } from '../health/health-monitor.js';
import type { Clock } from '../system/clock.js';
import type { ServiceCgroup } from '../system/cgroup/index.js';
import type { ChildHandle, ExitStatus, OutputPaths, Platform } from '../system/platform.js';
import type { ProcessFingerprint, ProcessTable } from '../system/process-table/index.js';
import type { SupervisorDefaults } from './defaults.js';
import { OutputCapture } from './output-capture.js';
import type { ServiceOrigin } from './run-record.js';
import { ServiceSignals } from './service-signals.js';
import { leaderProof, type MemberFingerprint, type ProcessRef } from './signal-plan.js';
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
  /** The leader's fingerprint or the members changed: the run record is to be written again. */
  readonly onRecordChange?: () => void;
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
  /** The service's other processes an earlier host recorded (adoption). */
  readonly members?: readonly MemberFingerprint[];
  /**
   * Spawned by this host, which holds it as its child: until it exits, the same start time proves
   * it the same process even after an `exec` changed its command (the fingerprint then takes it).
   */
  readonly spawned?: boolean;
  /**
   * `external`: a process stackctl did not start (an adopted port holder). It is signalled as
   * signal-plan.ts says — its own group only when it leads one, else pid by pid with its
   * descendants — and its group's other processes are never stopped when it exits. Default `managed`.
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

/** The first looks at a new run's processes (ms after its start); then every `memberRefreshMs`. */
const EARLY_REFRESHES_MS = [100, 500, 1500];

export class ServiceRun {
  readonly pid: number;
  readonly pgid: number;
  readonly startedAt: number;
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
  /** Whom a signal may reach; null without a fingerprint or process table (signals then go to the group unchecked). */
  readonly #signals: ServiceSignals | null;
  readonly #fingerprint: ProcessFingerprint | null;
  /** Processes that got SIGKILL in a stop, by pid. */
  readonly #killed = new Map<number, ProcessRef>();
  #survivors: ProcessRef[] = [];
  /** The pids the last signal reached through the signal plan. */
  #lastReached: ReadonlySet<number> = new Set();
  #refreshTimer: unknown = null;
  #refreshes = 0;
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
    this.#fingerprint = identity.fingerprint;
    this.output = identity.output;
    this.origin = identity.origin ?? 'managed';
    this.attached = identity.attached === true;
    this.cgroup = identity.cgroup ?? null;
    this.#tree = this.origin === 'external' || this.attached;
    const { processTable, platform } = deps;
    this.#signals =
      identity.fingerprint !== null && processTable !== null
        ? new ServiceSignals(identity.fingerprint, identity.members ?? [], { platform, processTable })
        : null;
    this.#monitor = this.#createMonitor();
    const abandoned = new Promise<ExitStatus>((resolve) => (this.#abandon = resolve));
    this.#leaderGone = Promise.race([child.exited, abandoned]);
    this.ended = this.#leaderGone.then((status) => {
      this.#leaderExited = true;
      return this.#finish(status);
    });
  }

  /** The leader's fingerprint as last proven (its command refreshed after an exec); null when unknown. */
  get fingerprint(): ProcessFingerprint | null {
    return this.#signals?.leader ?? this.#fingerprint;
  }

  /** The service's other processes as last seen (for the run record). */
  get members(): readonly MemberFingerprint[] {
    return this.#signals?.members ?? [];
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
    this.#scheduleRefresh();
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
    this.#stopRefresh();
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
      this.#survivors = result.gone ? [] : this.#remaining();
      if (!result.gone) {
        const which = this.#survivors.map((each) => `${each.pid} (${each.command})`).join(', ');
        const where = this.cgroup?.populated() === true ? `cgroup ${this.cgroup.path}` : `process group ${this.pgid}`;
        this.hooks.onWarning(`still running ${defaults.killWaitMs}ms after SIGKILL: ${which === '' ? where : which}`);
      }
      return result;
    });
    return this.#termination;
  }

  /** Anything proven the service's (see signal-plan.ts) is still alive. */
  #groupAlive(): boolean {
    if (this.#signals === null) return !this.#tree && this.deps.platform.groupAlive(this.pgid);
    return this.#signals.alive();
  }

  /** What is still alive of the service: the proven processes, and whatever is left in its cgroup. */
  #remaining(): ProcessRef[] {
    const proven = this.#signals?.remaining() ?? [];
    if (this.cgroup === null) return proven;
    const known = new Set(proven.map((each) => each.pid));
    const table = this.deps.processTable;
    const strays = this.cgroup
      .members()
      .filter((pid) => !known.has(pid))
      .map((pid) => ({ pid, command: table?.info(pid)?.command ?? 'unknown' }));
    return [...proven, ...strays];
  }

  /**
   * Signals only what is proven the service's: the group while its leader is proven, then what
   * left it, pid by pid (signal-plan.ts). A PID now used by another program is never signalled.
   */
  #signalGroup(signal: NodeJS.Signals): void {
    if (this.#detached || this.#verify() === 'reused') return;
    const signals = this.#signals;
    if (signals === null) {
      // No process table (Windows): nothing to prove anything with; the group, as the OS seam does it.
      if (!this.#tree) this.deps.platform.signalGroup(this.pgid, signal);
      return;
    }
    const before = signals.members;
    const { reached } = signals.signal(signal);
    this.#lastReached = new Set(reached.map((each) => each.pid));
    if (signal === 'SIGKILL') for (const each of reached) this.#killed.set(each.pid, each);
    if (!sameMembers(before, signals.members)) this.#recordChanged();
  }

  /**
   * Compares the leader with its fingerprint. Same start time, other command: for a leader this
   * host spawned and holds as its child (not exited), the same process after an `exec`, so the
   * fingerprint takes the new command; for any other, no proof (signal-plan.ts then signals only
   * proven members). `reused` abandons the run, with a warning.
   */
  #verify(): 'checked' | 'reused' {
    if (this.#abandoned) return 'reused';
    const { processTable } = this.deps;
    const signals = this.#signals;
    if (signals === null || processTable === null) return 'checked';
    const current = processTable.info(signals.leader.pid);
    const proof = leaderProof(current, signals.leader);
    if (proof === 'command-changed' && current !== null && this.identity.spawned === true && !this.#leaderExited) {
      signals.updateLeaderCommand(current.command);
      this.#recordChanged();
      return 'checked';
    }
    if (proof !== 'reused') return 'checked';
    this.#abandoned = true;
    const program = current?.command ?? 'unknown';
    this.hooks.onWarning(`pid ${this.pid} now belongs to another program (${program}): not signalled, record removed`);
    this.#abandon({ code: null, signal: null });
    return 'reused';
  }

  #recordChanged(): void {
    if (!this.#detached && !this.#leaderExited) this.hooks.onRecordChange?.();
  }

  /** Looks at the run's processes again soon after the start, then every `memberRefreshMs`, until it ends. */
  #scheduleRefresh(): void {
    if (this.#signals === null || this.#detached || this.#leaderExited) return;
    const early = EARLY_REFRESHES_MS[this.#refreshes];
    const wait = early === undefined ? this.deps.defaults.memberRefreshMs : early - (EARLY_REFRESHES_MS[this.#refreshes - 1] ?? 0);
    this.#refreshTimer = this.deps.clock.setTimeout(() => {
      this.#refreshTimer = null;
      this.#refreshes += 1;
      this.#refresh();
      this.#scheduleRefresh();
    }, wait);
  }

  #refresh(): void {
    const signals = this.#signals;
    if (signals === null || this.#detached || this.#abandoned || this.#leaderExited) return;
    try {
      if (this.#verify() === 'reused') return;
      if (signals.refresh()) this.#recordChanged();
    } catch {
      // Reading the process table failed (a /proc hiccup): the next look tries again.
    }
  }

  #stopRefresh(): void {
    if (this.#refreshTimer !== null) this.deps.clock.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
  }

  /** The run's cgroup as the stop policy uses it; a host that let go (detach) no longer touches it. */
  #cgroupControl(cgroup: ServiceCgroup): CgroupControl {
    return {
      populated: () => !this.#detached && cgroup.populated(),
      members: () => cgroup.members(),
      signalStrays: (signal) => {
        // What the signal plan reached just now is not signalled twice (a second SIGINT can mean "force").
        if (!this.#detached) cgroup.signalOutsideGroup(this.pgid, signal, this.#lastReached);
      },
      kill: () => {
        if (!this.#detached) cgroup.kill();
      },
    };
  }

  async #finish(status: ExitStatus): Promise<ExitRecord> {
    const endedAt = this.deps.clock.now();
    const stoppedByUs = this.#stopRequested;
    this.#stopRefresh();
    this.#monitor?.stop();
    if (this.#abandoned) this.closeOutput();
    // Descendants that outlive a leader which exited by itself would hold ports and pipes: they go too.
    // Not for an external or attached process: its group is a shell's, a terminal's or a test runner's, none of ours.
    const leftovers = !this.#detached && !this.#abandoned && !this.#tree && (this.#lastLook() || this.cgroup?.populated() === true);
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
      ...(this.#killed.size > 0 ? { killed: [...this.#killed.values()] } : {}),
      ...(this.#survivors.length > 0 ? { survivors: this.#survivors } : {}),
    };
  }

  /**
   * Right when the leader's exit is known: whether processes of the service remain. The members of
   * its group found now are remembered as the service's — the kernel does not hand out a number
   * still used as a process group id, so while they live the group id cannot be another's — then
   * only proven processes count (signal-plan.ts).
   */
  #lastLook(): boolean {
    const signals = this.#signals;
    if (signals === null) return this.deps.platform.groupAlive(this.pgid);
    // The usual end: the group went with its leader and nothing of the service is known outside it.
    // Then nothing is left, as the full look would find, without reading the whole process table.
    if (signals.members.length === 0 && !this.deps.platform.groupAlive(this.pgid)) return false;
    try {
      signals.rememberGroup(this.pgid);
      return signals.alive();
    } catch {
      return false;
    }
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

function sameMembers(a: readonly MemberFingerprint[], b: readonly MemberFingerprint[]): boolean {
  return a.length === b.length && a.every((each, i) => each.pid === b[i]?.pid && each.command === b[i]?.command && each.startTime === b[i]?.startTime);
}
