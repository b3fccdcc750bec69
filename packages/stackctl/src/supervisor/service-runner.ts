// Owns one service across its runs: the state machine, spawning or adopting, run records, the restart policy and stopping.
import { withForcedColor } from '../config/service-env.js';
import type { ResolvedService } from '../config/types.js';
import { isStackctlError } from '../errors/index.js';
import { errorDetail } from '../health/health-checker.js';
import type { ChildHandle, OutputPaths } from '../system/platform.js';
import type { PortInspector } from '../system/ports/index.js';
import type { ProcessFingerprint } from '../system/process-table/index.js';
import type { ConditionSubject } from './conditions.js';
import type { StartFailureDetail } from './engine-handle.js';
import type { EngineLogger } from './engine-logger.js';
import { watchPortOpening } from './port-open-watch.js';
import { EMPTY_HISTORY, decideRestart, describeExit, type RestartHistory } from './restart-policy.js';
import { decodeCarry, type RunLedger } from './run-ledger.js';
import type { RunRecord } from './run-record.js';
import { ServiceRun, type RunDeps, type RunIdentity } from './service-run.js';
import { ServiceStateMachine } from './state-machine.js';
import type { EngineEvent, ExitRecord, ExternalProcess, HealthState, OutputBatch, ServiceState, ServiceStatus } from './types.js';

export interface RunnerDeps extends RunDeps {
  readonly logger: EngineLogger;
  readonly emit: (event: EngineEvent) => void;
  readonly emitOutput: (batch: OutputBatch) => void;
  readonly ledger: RunLedger;
  /** Checks, after each spawn's start period, that the declared ports were opened; null: no check. */
  readonly inspector: PortInspector | null;
}

/** The reason of an adopted service whose process died while no host watched. */
export const ENDED_UNWATCHED = 'ended while no supervisor was watching';

export class ServiceRunner implements ConditionSubject {
  readonly name: string;
  readonly #machine: ServiceStateMachine;
  #run: ServiceRun | null = null;
  /** The last run that ended, whose readers may linger on FIFOs a new run will reuse. */
  #previous: ServiceRun | null = null;
  /** FIFOs of the latest run, removed once the service rests (stopped, exited, failed). */
  #output: OutputPaths | null = null;
  /** The host let go (EngineHandle.detach): nothing here acts on the process any more. */
  #detached = false;
  #health: HealthState = 'none';
  #healthDetail = '';
  #lastExit: ExitRecord | null = null;
  #restarts = 0;
  #history: RestartHistory = EMPTY_HISTORY;
  #backoffTimer: unknown = null;
  /** Bumped by every start request and every stop, so a stale dependency wait cannot spawn or fail us. */
  #epoch = 0;
  /** Aborted when the pending start is superseded, so its dependency waits let go. */
  #pendingStart: AbortController | null = null;
  #stopping: Promise<void> | null = null;
  /** Why the last start failed, for the caller to act on (a held port); null when it has no code. */
  #failure: StartFailureDetail | null = null;
  /** The adopted external process, while it is the current run. */
  #external: ExternalProcess | null = null;
  /** Cancels the current run's port-opening check. */
  #cancelPortWatch: () => void = () => {};
  /** The latest start asked for FORCE_COLOR=1 (`--separate-terminals`): its spawns and their restarts get it. */
  #forceColor = false;

  constructor(
    readonly service: ResolvedService,
    private readonly deps: RunnerDeps,
  ) {
    this.name = service.name;
    this.#machine = new ServiceStateMachine(service.name, deps.clock, deps.emit);
  }

  get state(): ServiceState {
    return this.#machine.state;
  }
  get reason(): string | null {
    return this.#machine.reason;
  }
  get health(): HealthState {
    return this.#health;
  }
  get healthDetail(): string {
    return this.#healthDetail;
  }
  get hasHealthCheck(): boolean {
    return this.service.health !== null;
  }
  get lastExit(): ExitRecord | null {
    return this.#lastExit;
  }
  /** Nothing is running or pending: a start must (re)start it. */
  get idle(): boolean {
    return this.state === 'stopped' || this.state === 'exited' || this.state === 'failed';
  }
  /** The code and holder of the last failed start, when it has them (see StartFailure). */
  get failureDetail(): StartFailureDetail | null {
    return this.state === 'failed' ? this.#failure : null;
  }

  status(): ServiceStatus {
    const external = this.#run?.origin === 'external' ? this.#external : null;
    return {
      name: this.name,
      state: this.state,
      health: this.#health,
      origin: external === null ? 'managed' : 'external',
      pid: this.#run?.pid ?? null,
      ports: this.service.ports,
      restarts: this.#restarts,
      startedAt: this.#run?.startedAt ?? null,
      lastExit: this.#lastExit,
      reason: this.reason,
      external,
      attached: this.#run?.attached === true,
    };
  }

  /** Whether `pid` is this service's live process (its leader, or a member of the group it leads). */
  ownsProcess(pid: number): boolean {
    const run = this.#run;
    if (run === null) return false;
    if (run.pid === pid) return true;
    // An attached run's group is its terminal's (the CLI waiting for it is in it): only the pid counts.
    return run.origin === 'managed' && !run.attached && this.deps.processTable?.info(pid)?.pgid === run.pgid;
  }

  /**
   * Moves an idle service to `starting` (waiting for its dependencies). Returns the ticket
   * `launch`/`failStart` need, and a signal aborted when a stop or another start supersedes this one.
   * `forceColor`: this start's spawns (and their automatic restarts) get FORCE_COLOR=1.
   */
  prepareStart(options: { readonly forceColor?: boolean } = {}): { readonly ticket: number; readonly signal: AbortSignal } {
    this.#forceColor = options.forceColor === true;
    this.#history = EMPTY_HISTORY;
    this.#failure = null;
    this.#newEpoch();
    this.#pendingStart = new AbortController();
    this.#machine.transition('starting');
    return { ticket: this.#epoch, signal: this.#pendingStart.signal };
  }

  #newEpoch(): void {
    this.#epoch += 1;
    this.#pendingStart?.abort();
    this.#pendingStart = null;
  }

  /** True while the start `ticket` stands for is still the one pending (no stop or other start came in between). */
  awaitsLaunch(ticket: number): boolean {
    return ticket === this.#epoch && this.state === 'starting';
  }

  /** Dependencies are ready (and the ports free): spawn, unless a stop or another start came in between. */
  launch(ticket: number): void {
    if (!this.awaitsLaunch(ticket)) return;
    this.#pendingStart = null;
    this.#spawn();
  }

  /** A dependency failed, or a port is held: give up this start. */
  failStart(ticket: number, reason: string, detail?: StartFailureDetail): void {
    if (!this.awaitsLaunch(ticket)) return;
    this.#pendingStart = null;
    this.#failure = detail ?? null;
    this.#machine.transition('failed', reason);
  }

  /**
   * Tracks `holder`, which holds a declared port and which stackctl did not start, as this
   * service (`starting` → `running`, origin `external`): health-checked, stopped by `stop` (see
   * ExternalTree), recorded with origin `external` for a later host, never restarted.
   */
  adoptExternal(ticket: number, holder: ExternalProcess, fingerprint: ProcessFingerprint): void {
    if (!this.awaitsLaunch(ticket)) return;
    this.#pendingStart = null;
    const { platform, ledger, clock } = this.deps;
    const { pid, pgid } = fingerprint;
    const child = platform.attach({ pid, pgid, output: null, isAlive: () => ledger.isAlive(fingerprint) });
    this.#external = holder;
    const run = this.#begin(child, { pid, pgid, startedAt: clock.now(), fingerprint, output: null, origin: 'external' });
    this.deps.emit({ type: 'adopt', service: this.name, time: clock.now(), pid, origin: 'external' });
    this.#machine.transition('running', `adopted pid ${pid}, which holds port ${holder.port}`);
    ledger.recordRun(this.name, run, this.#restarts);
    this.#watch(run, 'process adopted');
  }

  /**
   * Tracks `fingerprint`'s process, started in a user's terminal for this service (`stackctl run`),
   * as its run (`starting` → `running`, origin `managed`, attached): health-checked, its ports
   * watched, stopped with its descendants pid by pid (never its terminal's group), recorded for a
   * later host, never restarted. Its output goes to that terminal, not through stackctl.
   */
  attachProcess(ticket: number, fingerprint: ProcessFingerprint): void {
    if (!this.awaitsLaunch(ticket)) return;
    this.#pendingStart = null;
    const { platform, ledger, clock } = this.deps;
    const { pid, pgid } = fingerprint;
    const child = platform.attach({ pid, pgid, output: null, isAlive: () => ledger.isAlive(fingerprint) });
    const run = this.#begin(child, { pid, pgid, startedAt: clock.now(), fingerprint, output: null, attached: true });
    this.deps.emit({ type: 'adopt', service: this.name, time: clock.now(), pid, origin: 'managed', attached: true });
    this.#machine.transition('running', `attached pid ${pid}, running in a terminal`);
    ledger.recordRun(this.name, run, this.#restarts);
    this.#watch(run, 'process attached');
    this.#watchPorts(run);
  }

  /** Resolves once no stop is in progress. */
  settled(): Promise<void> {
    return this.#stopping ?? Promise.resolve();
  }

  /** Stops the process group (stop_signal, then SIGKILL after stop_timeout) or cancels what is pending. */
  stop(): Promise<void> {
    return this.#stop(false);
  }

  /** Like stop, but SIGKILLs at once; escalates a stop already under way. */
  kill(): Promise<void> {
    return this.#stop(true);
  }

  #stop(immediate: boolean): Promise<void> {
    if (this.#stopping !== null) {
      if (immediate) void this.#run?.stop(true);
      return this.#stopping;
    }
    this.#newEpoch();
    switch (this.state) {
      case 'stopped':
        return Promise.resolve();
      case 'backoff':
        this.deps.clock.clearTimeout(this.#backoffTimer);
        this.#backoffTimer = null;
        this.#releaseOutput();
        this.#machine.transition('stopped');
        return Promise.resolve();
      case 'starting':
      case 'exited':
      case 'failed':
        this.#machine.transition('stopped');
        return Promise.resolve();
      case 'running':
      case 'stopping': {
        const run = this.#run;
        // Only while exit listeners run, between the exit record and the next state: retry once settled.
        if (run === null) return Promise.resolve().then(() => this.#stop(immediate));
        this.#stopping = this.#stopRun(run, immediate).finally(() => {
          this.#stopping = null;
        });
        return this.#stopping;
      }
    }
  }

  async #stopRun(run: ServiceRun, immediate: boolean): Promise<void> {
    this.#machine.transition('stopping');
    await run.stop(immediate);
    await run.ended;
    if (this.#detached) return;
    this.#releaseOutput();
    this.#machine.transition('stopped');
  }

  #spawn(): void {
    const { platform, logger, emit, ledger, clock } = this.deps;
    const output = ledger.outputFor(this.name);
    // A reader of the previous run still open would share the FIFOs with ours; what it left unread stays in the pipe.
    if (output !== null) this.#previous?.closeOutput();
    this.#previous = null;
    let child: ChildHandle;
    try {
      const env = this.#forceColor ? withForcedColor(this.service.env) : this.service.env;
      const spec = { command: this.service.command, cwd: this.service.cwd, env };
      child = platform.spawn(output === null ? spec : { ...spec, output });
    } catch (error) {
      const reason = isStackctlError(error)
        ? `${error.code}: ${error.message}`
        : `E_SPAWN_FAILED: ${errorDetail(error)}`;
      logger.debug({ service: this.name, err: error }, 'spawn failed');
      ledger.releaseOutput(this.name, output);
      this.#machine.transition('failed', reason);
      return;
    }
    const startedAt = clock.now();
    const fingerprint = ledger.fingerprint(child.pid);
    const run = this.#begin(child, { pid: child.pid, pgid: child.pid, startedAt, fingerprint, output });
    logger.debug({ service: this.name, pid: run.pid }, 'spawned');
    emit({ type: 'spawn', service: this.name, time: run.startedAt, pid: run.pid });
    this.#machine.transition('running');
    ledger.recordRun(this.name, run, this.#restarts);
    this.#watch(run, 'process started');
    this.#watchPorts(run);
  }

  #watchPorts(run: ServiceRun): void {
    const { inspector, processTable, clock, logger } = this.deps;
    if (inspector === null) return;
    this.#cancelPortWatch = watchPortOpening({
      service: this.service,
      run,
      inspector,
      processTable,
      clock,
      current: () => this.#run === run && this.state === 'running' && !run.stopRequested,
      warn: (message) => this.#warn(message),
      onError: (error) => logger.debug({ service: this.name, err: error }, 'port check failed'),
    });
  }

  /**
   * Takes over the live process an earlier host recorded (state `stopped` → `running`), attached
   * to by adoption.ts: output continues from its FIFOs, after the unfinished lines the earlier host had read.
   */
  adopt(record: RunRecord, child: ChildHandle, output: OutputPaths | null): void {
    const { pid, pgid, startTime, command, origin } = record;
    const attached = record.attached === true;
    this.#restarts = record.restarts;
    this.#history = EMPTY_HISTORY;
    const fingerprint = { pid, pgid, startTime, command };
    const carry = decodeCarry(record.pendingOutput);
    if (origin === 'external') {
      const cwd = this.deps.processTable?.info(pid)?.cwd ?? null;
      this.#external = { pid, command, cwd, startedAt: record.startedAt, port: this.service.ports[0] ?? 0 };
    }
    const run = this.#begin(child, { pid, pgid, startedAt: record.startedAt, fingerprint, output, carry, origin, attached });
    const event = { type: 'adopt', service: this.name, time: this.deps.clock.now(), pid, origin } as const;
    this.deps.emit(attached ? { ...event, attached: true } : event);
    this.#machine.transition('running', `adopted pid ${pid} from an earlier host`);
    this.deps.ledger.recordRun(this.name, run, this.#restarts);
    this.#watch(run, 'process adopted');
  }

  /** The recorded process died while no host watched: `stopped` → `exited` (its exit status is unknown). */
  adoptEnded(record: RunRecord): void {
    this.#restarts = record.restarts;
    this.#machine.transition('exited', ENDED_UNWATCHED);
  }

  /**
   * The host goes away and the process stays (EngineHandle.detach): stop watching it, leave its
   * run record — now with the unfinished lines already read — for the host that adopts it.
   * A pending start or restart is cancelled (→ stopped): there is no process to hand over.
   */
  detach(): void {
    this.#detached = true;
    this.#cancelPortWatch();
    this.#newEpoch();
    this.deps.clock.clearTimeout(this.#backoffTimer);
    this.#backoffTimer = null;
    if (this.state === 'starting' || this.state === 'backoff') {
      this.#releaseOutput();
      this.#machine.transition('stopped');
    }
    const run = this.#run;
    if (run !== null) this.deps.ledger.recordRun(this.name, run, this.#restarts, run.detach());
  }

  #begin(child: ChildHandle, identity: RunIdentity): ServiceRun {
    const run: ServiceRun = new ServiceRun(
      child,
      this.service,
      this.deps,
      {
        onOutput: (stream, lines) => {
          this.deps.emitOutput({ service: this.name, stream, lines, time: this.deps.clock.now() });
        },
        onHealth: (to, detail) => this.#setHealth(to, run.startedAt, detail),
        onWarning: (message) => this.#warn(message),
      },
      identity,
    );
    this.#run = run;
    this.#output = identity.output;
    return run;
  }

  #watch(run: ServiceRun, detail: string): void {
    if (run.hasMonitor) this.#setHealth('starting', run.startedAt, detail);
    run.start();
    run.ended.then(
      (record) => this.#onExit(run, record),
      (error: unknown) => this.deps.logger.error({ service: this.name, err: error }, 'exit handling failed'),
    );
  }

  #releaseOutput(): void {
    this.deps.ledger.releaseOutput(this.name, this.#output);
    this.#output = null;
  }

  #onExit(run: ServiceRun, record: ExitRecord): void {
    this.#cancelPortWatch();
    if (this.#detached) return;
    this.deps.ledger.remove(this.name);
    this.#lastExit = record;
    this.#run = null;
    this.#external = null;
    this.#previous = run;
    if (this.#health !== 'none') this.#setHealth('none', run.startedAt, 'process exited');
    this.deps.emit({ type: 'exit', service: this.name, time: this.deps.clock.now(), exit: record });
    // A stop under way takes it from here (→ stopped); an adopted external process is never
    // restarted (stackctl does not know how it was started); otherwise the restart policy decides.
    if (run.stopRequested) return;
    if (run.origin === 'external') {
      this.#releaseOutput();
      this.#machine.transition('exited', `the adopted process ${run.pid} ended; stackctl did not start it, so it is not restarted`);
      return;
    }
    if (run.attached) {
      this.#releaseOutput();
      this.#machine.transition('exited', `the process ${run.pid} running in a terminal ended; it is not restarted while attached`);
      return;
    }
    this.#afterExit(record);
  }

  #afterExit(record: ExitRecord): void {
    const { clock, defaults } = this.deps;
    const decision = decideRestart({
      policy: this.service.restart,
      exit: record,
      history: this.#history,
      now: clock.now(),
      maxRestarts: this.service.maxRestarts,
      restartWindowMs: this.service.restartWindowMs,
      defaults,
    });
    switch (decision.kind) {
      case 'none':
        this.#releaseOutput();
        this.#machine.transition('exited', describeExit(record));
        return;
      case 'crash-loop':
        this.#releaseOutput();
        this.#machine.transition('failed', decision.reason);
        return;
      case 'restart': {
        this.#history = decision.history;
        this.#machine.transition('backoff', describeExit(record));
        const { delayMs, attempt } = decision;
        this.deps.emit({ type: 'restart-scheduled', service: this.name, time: clock.now(), delayMs, attempt });
        this.#backoffTimer = clock.setTimeout(() => {
          this.#backoffTimer = null;
          this.#restarts += 1;
          this.#machine.transition('starting');
          this.#spawn();
        }, delayMs);
      }
    }
  }

  #setHealth(to: HealthState, startedAt: number, detail: string): void {
    const from = this.#health;
    this.#healthDetail = detail;
    if (from === to) return;
    this.#health = to;
    const time = this.deps.clock.now();
    this.deps.emit({ type: 'health', service: this.name, time, from, to, sinceStartMs: time - startedAt, detail });
  }

  #warn(message: string): void {
    this.deps.logger.warn({ service: this.name }, message);
    this.deps.emit({ type: 'warning', service: this.name, time: this.deps.clock.now(), message });
  }
}
