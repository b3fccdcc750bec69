// One service's runs, one after another: starts each (spawned or taken over), watches its output, health and ports, then rests the service or restarts it.
import type { ResolvedService } from '../config/types.js';
import type { ServiceCgroup } from '../system/cgroup/index.js';
import type { ChildHandle, OutputPaths } from '../system/platform.js';
import { notFoundHint, notFoundProgram } from './command-not-found.js';
import { exitOutcome } from './exit-outcome.js';
import { watchPortOpening } from './port-open-watch.js';
import { EMPTY_HISTORY, type RestartHistory } from './restart-policy.js';
import type { RunnerDeps } from './runner-deps.js';
import { ServiceHealth } from './service-health.js';
import { ServiceRun, type RunIdentity } from './service-run.js';
import { spawnService } from './spawn-service.js';
import type { ServiceStateMachine } from './state-machine.js';
import type { EngineEvent, ExitRecord, ExternalProcess } from './types.js';

/** How a run that begins is announced and watched. */
export interface RunStart {
  readonly event: EngineEvent;
  /** The reason of the `running` state event; none for a spawn. */
  readonly reason?: string;
  /** The health detail while its check starts. */
  readonly watching: string;
  /** Check that its declared ports get opened (not for a process adopted as it is). */
  readonly watchPorts: boolean;
  /** The adopted port holder this run is (origin `external`). */
  readonly external?: ExternalProcess;
}

export class RunLoop {
  readonly health: ServiceHealth;
  #run: ServiceRun | null = null;
  /** The last run that ended, whose readers may linger on FIFOs a new run will reuse. */
  #previous: ServiceRun | null = null;
  /** FIFOs of the latest run, removed once the service rests (stopped, exited, failed). */
  #output: OutputPaths | null = null;
  /** The adopted external process, while it is the current run. */
  #external: ExternalProcess | null = null;
  /** Cancels the current run's port-opening check. */
  #cancelPortWatch: () => void = () => {};
  /** The host let go (EngineHandle.detach): nothing here acts on the process any more. */
  #detached = false;
  #lastExit: ExitRecord | null = null;
  #restarts = 0;
  #history: RestartHistory = EMPTY_HISTORY;
  #backoffTimer: unknown = null;
  /** The program a shell said it could not find in the current run's stderr. */
  #missingProgram: string | null = null;
  /** The latest start asked for FORCE_COLOR=1 (`--separate-terminals`): its spawns and their restarts get it. */
  #forceColor = false;

  constructor(
    private readonly service: ResolvedService,
    private readonly deps: RunnerDeps,
    private readonly machine: ServiceStateMachine,
  ) {
    this.health = new ServiceHealth(service.name, deps);
  }

  /** The current run, from its start until its end has been handled. */
  get run(): ServiceRun | null {
    return this.#run;
  }
  /** The adopted port holder, while it is the current run. */
  get external(): ExternalProcess | null {
    return this.#run?.origin === 'external' ? this.#external : null;
  }
  get lastExit(): ExitRecord | null {
    return this.#lastExit;
  }
  /** Automatic restarts so far (an adopted service continues its earlier host's count). */
  get restarts(): number {
    return this.#restarts;
  }
  get detached(): boolean {
    return this.#detached;
  }

  /** A new start: the crash-loop breaker starts afresh; `forceColor` holds for its spawns and their restarts. */
  reset(forceColor: boolean): void {
    this.#forceColor = forceColor;
    this.#history = EMPTY_HISTORY;
  }

  /** Takes over an earlier host's record, which counts `restarts`: the crash-loop breaker starts afresh. */
  continueFrom(restarts: number): void {
    this.#restarts = restarts;
    this.#history = EMPTY_HISTORY;
  }

  /** Spawns a new run (`starting` → `running`), or fails the service when the spawn fails. */
  spawn(): void {
    const { platform, logger, ledger, clock } = this.deps;
    const name = this.service.name;
    const output = ledger.outputFor(name);
    // A reader of the previous run still open would share the FIFOs with ours; what it left unread stays in the pipe.
    if (output !== null) this.#previous?.closeOutput();
    this.#previous = null;
    const cgroup = this.#createCgroup();
    const spawned = spawnService(platform, this.service, { output, forceColor: this.#forceColor, cgroup: cgroup?.path ?? null });
    if (!spawned.ok) {
      logger.debug({ service: name, err: spawned.error }, 'spawn failed');
      this.#removeCgroup(cgroup);
      ledger.releaseOutput(name, output);
      if (spawned.notFound !== undefined) {
        const hint = notFoundHint(spawned.notFound, this.service.cwd);
        this.machine.transition('failed', `command not found: ${spawned.notFound}${hint === null ? '' : `; ${hint}`}`, 'command_not_found');
      } else {
        this.machine.transition('failed', spawned.reason, 'spawn_failed');
      }
      return;
    }
    const { pid } = spawned.child;
    const startedAt = clock.now();
    const fingerprint = ledger.fingerprint(pid);
    // Empty right after spawn: the platform could not place it there (or it ended at once, leaving nothing).
    const placed = cgroup !== null && cgroup.populated() ? cgroup : null;
    if (placed === null) this.#removeCgroup(cgroup);
    logger.debug({ service: name, pid, cgroup: placed?.path }, 'spawned');
    this.begin(spawned.child, { pid, pgid: pid, startedAt, fingerprint, output, cgroup: placed, spawned: true }, {
      event: { type: 'spawn', service: name, time: startedAt, pid },
      watching: 'process started',
      watchPorts: true,
    });
  }

  /** Makes `child` the current run: announced, `running`, recorded, its output read and its health (and ports) watched. */
  begin(child: ChildHandle, identity: RunIdentity, how: RunStart): void {
    const { deps } = this;
    const name = this.service.name;
    const run: ServiceRun = new ServiceRun(
      child,
      this.service,
      deps,
      {
        onOutput: (stream, lines) => {
          if (stream === 'stderr' && this.#run === run) this.#noticeNotFound(lines);
          deps.emitOutput({ service: name, stream, lines, time: deps.clock.now() });
        },
        onHealth: (to, detail) => this.health.set(to, run.startedAt, detail),
        onWarning: (message) => this.#warn(message),
        onRecordChange: () => {
          if (this.#run === run && !this.#detached) deps.ledger.recordRun(name, run, this.#restarts);
        },
      },
      identity,
    );
    this.#run = run;
    this.#missingProgram = null;
    this.#output = identity.output;
    this.#external = how.external ?? null;
    deps.emit(how.event);
    this.machine.transition('running', how.reason);
    deps.ledger.recordRun(name, run, this.#restarts);
    if (run.hasMonitor) this.health.set('starting', run.startedAt, how.watching);
    run.start();
    run.ended.then(
      (record) => this.#onExit(run, record),
      (error: unknown) => deps.logger.error({ service: name, err: error }, 'exit handling failed'),
    );
    if (how.watchPorts) this.#watchPorts(run);
  }

  /** Cancels a scheduled restart. */
  cancelBackoff(): void {
    this.deps.clock.clearTimeout(this.#backoffTimer);
    this.#backoffTimer = null;
  }

  /** Removes the latest run's FIFOs: the service rests. */
  releaseOutput(): void {
    this.deps.ledger.releaseOutput(this.service.name, this.#output);
    this.#output = null;
  }

  /**
   * Lets go (EngineHandle.detach): no more watching or restarts; a pending start or restart is
   * cancelled (→ stopped); the current run's record keeps the unfinished lines already read.
   */
  detach(): void {
    this.#detached = true;
    this.#cancelPortWatch();
    this.cancelBackoff();
    const { state } = this.machine;
    if (state === 'starting' || state === 'backoff') {
      this.releaseOutput();
      this.machine.transition('stopped');
    }
    const run = this.#run;
    if (run !== null) this.deps.ledger.recordRun(this.service.name, run, this.#restarts, run.detach());
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
      current: () => this.#run === run && this.machine.state === 'running' && !run.stopRequested,
      warn: (message) => this.#warn(message),
      onError: (error) => logger.debug({ service: this.service.name, err: error }, 'port check failed'),
    });
  }

  #onExit(run: ServiceRun, record: ExitRecord): void {
    this.#cancelPortWatch();
    if (this.#detached) return;
    const { clock, emit, ledger, defaults } = this.deps;
    const name = this.service.name;
    ledger.remove(name);
    this.#removeCgroup(run.cgroup);
    this.#lastExit = record;
    this.#run = null;
    this.#external = null;
    this.#previous = run;
    if (this.health.state !== 'none') this.health.set('none', run.startedAt, 'process exited');
    emit({ type: 'exit', service: name, time: clock.now(), exit: record });
    const missingProgram = this.#missingProgram;
    const outcome = exitOutcome(run, record, { service: this.service, history: this.#history, now: clock.now(), defaults, missingProgram });
    switch (outcome.kind) {
      case 'stopping':
        return;
      case 'rest':
        this.releaseOutput();
        this.machine.transition(outcome.state, outcome.reason, outcome.cause);
        return;
      case 'restart': {
        this.#history = outcome.history;
        this.machine.transition('backoff', outcome.reason);
        const { delayMs, attempt } = outcome;
        emit({ type: 'restart-scheduled', service: name, time: clock.now(), delayMs, attempt });
        // No delay: respawned in this same turn (a timer would add a millisecond or more), unless a listener of `backoff` stopped it.
        if (delayMs > 0) this.#backoffTimer = clock.setTimeout(() => this.#respawn(), delayMs);
        else if (this.machine.state === 'backoff') this.#respawn();
      }
    }
  }

  /** The automatic restart a crash scheduled: `starting`, counted, spawned. */
  #respawn(): void {
    this.#backoffTimer = null;
    this.#restarts += 1;
    this.machine.transition('starting');
    this.spawn();
  }

  /** A fresh cgroup for the next spawn; null without cgroups, or (with a warning) when it cannot be made. */
  #createCgroup(): ServiceCgroup | null {
    const { cgroups } = this.deps;
    if (cgroups === null) return null;
    try {
      return cgroups.create(this.service.name);
    } catch (error) {
      this.#warn(`cannot create a cgroup in ${cgroups.dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}): started without one`);
      return null;
    }
  }

  /** Removes a run's cgroup once it is empty, and the project's folder once no service has one. */
  #removeCgroup(cgroup: ServiceCgroup | null): void {
    if (cgroup === null) return;
    if (!cgroup.remove()) this.#warn(`cgroup ${cgroup.path} still has processes (${cgroup.members().join(', ')}): left in place`);
    this.deps.cgroups?.cleanUp();
  }

  /** Remembers the first program a shell says it cannot find (`sh: 1: uvicorn: not found`). */
  #noticeNotFound(lines: readonly string[]): void {
    if (this.#missingProgram !== null) return;
    for (const line of lines) {
      const program = notFoundProgram(line);
      if (program === null) continue;
      this.#missingProgram = program;
      return;
    }
  }

  #warn(message: string): void {
    this.deps.logger.warn({ service: this.service.name }, message);
    this.deps.emit({ type: 'warning', service: this.service.name, time: this.deps.clock.now(), message });
  }
}
