// Owns one service across its runs: the state machine, spawning or adopting, run records, the restart policy and stopping.
import type { ResolvedService } from '../config/types.js';
import { isStackctlError } from '../errors/index.js';
import { errorDetail } from '../health/health-checker.js';
import type { ChildHandle, OutputPaths } from '../system/platform.js';
import type { ConditionSubject } from './conditions.js';
import type { EngineLogger } from './engine-logger.js';
import { EMPTY_HISTORY, decideRestart, describeExit, type RestartHistory } from './restart-policy.js';
import { decodeCarry, type RunLedger } from './run-ledger.js';
import type { RunRecord } from './run-record.js';
import { ServiceRun, type RunDeps, type RunIdentity } from './service-run.js';
import { ServiceStateMachine } from './state-machine.js';
import type { EngineEvent, ExitRecord, HealthState, OutputLine, ServiceState, ServiceStatus } from './types.js';

export interface RunnerDeps extends RunDeps {
  readonly logger: EngineLogger;
  readonly emit: (event: EngineEvent) => void;
  readonly emitOutput: (line: OutputLine) => void;
  readonly ledger: RunLedger;
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

  status(): ServiceStatus {
    return {
      name: this.name,
      state: this.state,
      health: this.#health,
      origin: 'managed',
      pid: this.#run?.pid ?? null,
      ports: this.service.ports,
      restarts: this.#restarts,
      startedAt: this.#run?.startedAt ?? null,
      lastExit: this.#lastExit,
      reason: this.reason,
    };
  }

  /**
   * Moves an idle service to `starting` (waiting for its dependencies). Returns the ticket
   * `launch`/`failStart` need, and a signal aborted when a stop or another start supersedes this one.
   */
  prepareStart(): { readonly ticket: number; readonly signal: AbortSignal } {
    this.#history = EMPTY_HISTORY;
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

  /** Dependencies are ready: spawn, unless a stop or another start came in between. */
  launch(ticket: number): void {
    if (ticket !== this.#epoch || this.state !== 'starting') return;
    this.#pendingStart = null;
    this.#spawn();
  }

  /** A dependency failed: give up this start. */
  failStart(ticket: number, reason: string): void {
    if (ticket !== this.#epoch || this.state !== 'starting') return;
    this.#pendingStart = null;
    this.#machine.transition('failed', reason);
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
      const spec = { command: this.service.command, cwd: this.service.cwd, env: this.service.env };
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
  }

  /**
   * Takes over the live process an earlier host recorded (state `stopped` → `running`), attached
   * to by adoption.ts: output continues from its FIFOs, after the unfinished lines the earlier host had read.
   */
  adopt(record: RunRecord, child: ChildHandle, output: OutputPaths | null): void {
    const { pid, pgid, startTime, command } = record;
    this.#restarts = record.restarts;
    this.#history = EMPTY_HISTORY;
    const fingerprint = { pid, pgid, startTime, command };
    const carry = decodeCarry(record.pendingOutput);
    const run = this.#begin(child, { pid, pgid, startedAt: record.startedAt, fingerprint, output, carry });
    this.deps.emit({ type: 'adopt', service: this.name, time: this.deps.clock.now(), pid });
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
        onOutput: (stream, line) => {
          this.deps.emitOutput({ service: this.name, stream, line, time: this.deps.clock.now() });
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
    if (this.#detached) return;
    this.deps.ledger.remove(this.name);
    this.#lastExit = record;
    this.#run = null;
    this.#previous = run;
    if (this.#health !== 'none') this.#setHealth('none', run.startedAt, 'process exited');
    this.deps.emit({ type: 'exit', service: this.name, time: this.deps.clock.now(), exit: record });
    // A stop under way takes it from here (→ stopped); otherwise the restart policy decides.
    if (!run.stopRequested) this.#afterExit(record);
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
