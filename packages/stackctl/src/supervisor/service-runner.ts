// Owns one service for the engine: its state, start tickets, the ways a run begins (spawn, adopt, attach), stopping and letting go.
import type { ResolvedService } from '../config/types.js';
import type { ChildHandle, OutputPaths } from '../system/platform.js';
import type { ProcessFingerprint } from '../system/process-table/index.js';
import type { ConditionSubject } from './conditions.js';
import type { StartFailureDetail } from './engine-handle.js';
import { decodeCarry } from './run-ledger.js';
import { RunLoop } from './run-loop.js';
import type { RunRecord } from './run-record.js';
import type { RunnerDeps } from './runner-deps.js';
import type { ServiceRun } from './service-run.js';
import { StartTickets, type StartTicket } from './start-tickets.js';
import { ServiceStateMachine } from './state-machine.js';
import type { ExitRecord, ExternalProcess, HealthState, ServiceState, ServiceStatus, StateCause } from './types.js';

export type { RunnerDeps } from './runner-deps.js';

/** The reason of an adopted service whose process died while no host watched. */
export const ENDED_UNWATCHED = 'ended while no supervisor was watching';

export class ServiceRunner implements ConditionSubject {
  readonly name: string;
  readonly #machine: ServiceStateMachine;
  readonly #loop: RunLoop;
  readonly #tickets = new StartTickets();
  #stopping: Promise<void> | null = null;
  /** Why the last start failed, for the caller to act on (a held port); null when it has no code. */
  #failure: StartFailureDetail | null = null;

  constructor(
    readonly service: ResolvedService,
    private readonly deps: RunnerDeps,
  ) {
    this.name = service.name;
    this.#machine = new ServiceStateMachine(service.name, deps.clock, deps.emit);
    this.#loop = new RunLoop(service, deps, this.#machine);
  }

  get state(): ServiceState {
    return this.#machine.state;
  }
  get reason(): string | null {
    return this.#machine.reason;
  }
  /** Why it is failed or exited, as a field; null when not named. */
  get cause(): StateCause | null {
    return this.#machine.cause;
  }
  get health(): HealthState {
    return this.#loop.health.state;
  }
  get healthDetail(): string {
    return this.#loop.health.detail;
  }
  get hasHealthCheck(): boolean {
    return this.service.health !== null;
  }
  get lastExit(): ExitRecord | null {
    return this.#loop.lastExit;
  }
  get startedAt(): number | null {
    return this.#loop.run?.startedAt ?? null;
  }
  get startTimeoutMs(): number | null {
    return this.service.health?.startTimeoutMs ?? null;
  }
  get minUptimeMs(): number {
    return this.service.minUptimeMs;
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
    const { run, external } = this.#loop;
    return {
      name: this.name,
      state: this.state,
      health: this.health,
      origin: external === null ? 'managed' : 'external',
      pid: run?.pid ?? null,
      ports: this.service.ports,
      restarts: this.#loop.restarts,
      startedAt: run?.startedAt ?? null,
      lastExit: this.lastExit,
      reason: this.reason,
      external,
      attached: run?.attached === true,
      ...(run?.cgroup == null ? {} : { cgroup: run.cgroup.path }),
    };
  }

  /** Whether `pid` is this service's live process (its leader, a member of the group it leads, or of its cgroup). */
  ownsProcess(pid: number): boolean {
    const { run } = this.#loop;
    if (run === null) return false;
    if (run.pid === pid) return true;
    // Its cgroup holds everything it started, whatever process group that moved to.
    if (run.cgroup?.members().includes(pid) === true) return true;
    // An attached run's group is its terminal's (the CLI waiting for it is in it): only the pid counts.
    return run.origin === 'managed' && !run.attached && this.deps.processTable?.info(pid)?.pgid === run.pgid;
  }

  /**
   * Moves an idle service to `starting` (waiting for its dependencies). Returns the ticket
   * `launch`/`failStart` need, and a signal aborted when a stop or another start supersedes this one.
   * `forceColor`: this start's spawns (and their automatic restarts) get FORCE_COLOR=1.
   */
  prepareStart(options: { readonly forceColor?: boolean } = {}): StartTicket {
    this.#loop.reset(options.forceColor === true);
    this.#failure = null;
    const ticket = this.#tickets.issue();
    this.#machine.transition('starting');
    return ticket;
  }

  /** True while the start `ticket` stands for is still the one pending (no stop or other start came in between). */
  awaitsLaunch(ticket: number): boolean {
    return this.#tickets.isLatest(ticket) && this.state === 'starting';
  }

  /** Dependencies are ready (and the ports free): spawn, unless a stop or another start came in between. */
  launch(ticket: number): void {
    if (this.#claim(ticket)) this.#loop.spawn();
  }

  /** While the start `ticket` stands for waits on `dependency`: says what it waits on (a `waiting` event). */
  noteWaiting(ticket: number, dependency: string, reason: string): void {
    if (!this.awaitsLaunch(ticket)) return;
    this.deps.emit({ type: 'waiting', service: this.name, time: this.deps.clock.now(), dependency, reason });
  }

  /** A dependency failed, or a port is held: give up this start. */
  failStart(ticket: number, reason: string, detail?: StartFailureDetail, cause?: StateCause): void {
    if (!this.#claim(ticket)) return;
    this.#failure = detail ?? null;
    this.#machine.transition('failed', reason, cause);
  }

  /**
   * Tracks `holder`, which holds a declared port and which stackctl did not start, as this
   * service (`starting` → `running`, origin `external`): health-checked, stopped by `stop` (see
   * ExternalTree), recorded with origin `external` for a later host, never restarted.
   */
  adoptExternal(ticket: number, holder: ExternalProcess, fingerprint: ProcessFingerprint): void {
    if (!this.#claim(ticket)) return;
    const { pid, pgid } = fingerprint;
    const child = this.#attach(fingerprint);
    const now = this.deps.clock.now();
    this.#loop.begin(child, { pid, pgid, startedAt: now, fingerprint, output: null, origin: 'external' }, {
      event: { type: 'adopt', service: this.name, time: now, pid, origin: 'external' },
      reason: `adopted pid ${pid}, which holds port ${holder.port}`,
      watching: 'process adopted',
      watchPorts: false,
      external: holder,
    });
  }

  /**
   * Tracks `fingerprint`'s process, started in a user's terminal for this service (`stackctl run`),
   * as its run (`starting` → `running`, origin `managed`, attached): health-checked, its ports
   * watched, stopped with its descendants pid by pid (never its terminal's group), recorded for a
   * later host, never restarted. Its output goes to that terminal, not through stackctl.
   */
  attachProcess(ticket: number, fingerprint: ProcessFingerprint): void {
    if (!this.#claim(ticket)) return;
    const { pid, pgid } = fingerprint;
    const child = this.#attach(fingerprint);
    const now = this.deps.clock.now();
    this.#loop.begin(child, { pid, pgid, startedAt: now, fingerprint, output: null, attached: true }, {
      event: { type: 'adopt', service: this.name, time: now, pid, origin: 'managed', attached: true },
      reason: `attached pid ${pid}, running in a terminal`,
      watching: 'process attached',
      watchPorts: true,
    });
  }

  /**
   * Takes over the live process an earlier host recorded (state `stopped` → `running`), attached
   * to by adoption.ts: output continues from its FIFOs, after the unfinished lines the earlier host had read.
   */
  adopt(record: RunRecord, child: ChildHandle, output: OutputPaths | null): void {
    const { pid, pgid, startTime, command, origin } = record;
    const attached = record.attached === true;
    this.#loop.continueFrom(record.restarts);
    const fingerprint = { pid, pgid, startTime, command };
    const carry = decodeCarry(record.pendingOutput);
    const cwd = origin === 'external' ? (this.deps.processTable?.info(pid)?.cwd ?? null) : null;
    const external = { pid, command, cwd, startedAt: record.startedAt, port: this.service.ports[0] ?? 0 };
    const event = { type: 'adopt', service: this.name, time: this.deps.clock.now(), pid, origin } as const;
    const members = record.members ?? [];
    const cgroup = record.cgroup === undefined ? null : (this.deps.cgroups?.open(record.cgroup, this.name) ?? null);
    this.#loop.begin(child, { pid, pgid, startedAt: record.startedAt, fingerprint, output, carry, origin, attached, members, cgroup }, {
      event: attached ? { ...event, attached: true } : event,
      reason: `adopted pid ${pid} from an earlier host`,
      watching: 'process adopted',
      watchPorts: false,
      ...(origin === 'external' ? { external } : {}),
    });
  }

  /** The recorded process died while no host watched: `stopped` → `exited` (its exit status is unknown). */
  adoptEnded(record: RunRecord): void {
    this.#loop.continueFrom(record.restarts);
    this.#machine.transition('exited', ENDED_UNWATCHED);
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

  /**
   * The host goes away and the process stays (EngineHandle.detach): stop watching it, leave its
   * run record — now with the unfinished lines already read — for the host that adopts it.
   * A pending start or restart is cancelled (→ stopped): there is no process to hand over.
   */
  detach(): void {
    this.#tickets.supersede();
    this.#loop.detach();
  }

  /** True, and the start settled, when `ticket` still stands for the pending start. */
  #claim(ticket: number): boolean {
    if (!this.awaitsLaunch(ticket)) return false;
    this.#tickets.settle();
    return true;
  }

  /** Attaches to a live process this host did not spawn; its output does not come through stackctl. */
  #attach(fingerprint: ProcessFingerprint): ChildHandle {
    const { pid, pgid } = fingerprint;
    const { platform, ledger } = this.deps;
    return platform.attach({ pid, pgid, output: null, isAlive: () => ledger.isAlive(fingerprint) });
  }

  #stop(immediate: boolean): Promise<void> {
    if (this.#stopping !== null) {
      if (immediate) void this.#loop.run?.stop(true);
      return this.#stopping;
    }
    this.#tickets.supersede();
    switch (this.state) {
      case 'stopped':
        return Promise.resolve();
      case 'backoff':
        this.#loop.cancelBackoff();
        this.#loop.releaseOutput();
        this.#machine.transition('stopped');
        return Promise.resolve();
      case 'starting':
      case 'exited':
      case 'failed':
        this.#machine.transition('stopped');
        return Promise.resolve();
      case 'running':
      case 'stopping': {
        const { run } = this.#loop;
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
    if (this.#loop.detached) return;
    this.#loop.releaseOutput();
    this.#machine.transition('stopped');
  }
}
