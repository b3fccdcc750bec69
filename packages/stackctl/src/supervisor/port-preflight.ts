// Before a service is spawned by a start: is any declared port held by another process — and then fail, adopt it or replace it.
import os from 'node:os';
import type { ResolvedService } from '../config/types.js';
import type { Clock } from '../system/clock.js';
import type { Platform } from '../system/platform.js';
import type { PortInspector } from '../system/ports/index.js';
import { fingerprintOf, type ProcessFingerprint, type ProcessTable } from '../system/process-table/index.js';
import type { SupervisorDefaults } from './defaults.js';
import { describeHolder, describeProcess, shortCommand } from './describe-holder.js';
import type { StartFailureDetail } from './engine-handle.js';
import type { EngineLogger } from './engine-logger.js';
import { selectStopTargets, selfIdentity, type SelfIdentity } from './external-tree.js';
import { ServiceSignals } from './service-signals.js';
import { findPortHolders, rootHolder, type PortHolders } from './port-holders.js';
import { terminateGroup } from './terminate-group.js';
import type { ExternalProcess } from './types.js';

/** What a start does when a declared port is held by a process it did not start. */
export type PortConflictMode = 'fail' | 'adopt' | 'replace';

export const PORT_CONFLICT_MODES: readonly PortConflictMode[] = ['fail', 'adopt', 'replace'];

export type PortDecision =
  | { readonly kind: 'spawn' }
  | { readonly kind: 'fail'; readonly reason: string; readonly detail: StartFailureDetail }
  | { readonly kind: 'adopt'; readonly holder: ExternalProcess; readonly fingerprint: ProcessFingerprint };

export interface PortPreflightDeps {
  /** Null: no preflight (an OS without one, or a test). */
  readonly inspector: PortInspector | null;
  /** Null: a held port can only fail the start (nothing to fingerprint the holder with). */
  readonly processTable: ProcessTable | null;
  readonly platform: Platform;
  readonly clock: Clock;
  readonly defaults: SupervisorDefaults;
  readonly logger: EngineLogger;
  /** The service of this engine whose live process `pid` is, if any: never adopted nor replaced. */
  readonly serviceOf: (pid: number) => string | null;
  /** Told, in words, when a holder was stopped for `replace`: `stopped pid 8123 (…), which held port 4000`. */
  readonly onReplaced: (service: string, message: string) => void;
  /** Default: read from the process table. */
  readonly self?: () => SelfIdentity;
  /** Where `~` points in messages; default: the user's home folder. */
  readonly home?: string | null;
}

const SPAWN: PortDecision = { kind: 'spawn' };

/** How long ports held by processes just stopped (or not visible) may take to be released. */
export const PORT_RELEASE_WAIT_MS = 2_000;

/** The holders `replace` stops, each with the fingerprint read just before. */
type Verdict = PortDecision | { readonly kind: 'replace'; readonly holders: ReadonlyArray<readonly [ExternalProcess, ProcessFingerprint]> };

export class PortPreflight {
  constructor(private readonly deps: PortPreflightDeps) {}

  /** Never throws: a failure to inspect the ports is logged and lets the start go on. */
  async decide(service: ResolvedService, mode: PortConflictMode): Promise<PortDecision> {
    try {
      return await this.#decide(service, mode);
    } catch (error) {
      this.deps.logger.warn({ service: service.name, err: error }, 'port preflight failed; starting anyway');
      return SPAWN;
    }
  }

  /** The wording of a held port, as in start failures. */
  describe(holder: ExternalProcess): string {
    return describeHolder(holder, { now: this.deps.clock.now(), home: this.#home() });
  }

  async #decide(service: ResolvedService, mode: PortConflictMode): Promise<PortDecision> {
    const { inspector } = this.deps;
    if (inspector === null || service.ports.length === 0) return SPAWN;
    let found = await findPortHolders(inspector, service.ports);
    // Only owners we cannot see: most likely a process still exiting (ours just stopped, say): give it a moment.
    if (found.holders.length === 0 && found.hidden.length > 0) found = await this.#portsFreed(inspector, service);
    const verdict = this.#judge(found, mode);
    if (verdict.kind !== 'replace') return verdict;
    for (const holder of verdict.holders) await this.#stopHolder(service, holder);
    const still = this.#judge(await this.#portsFreed(inspector, service), 'fail');
    return still.kind === 'replace' ? SPAWN : still;
  }

  /**
   * The holders once the ports are free, or as they are after PORT_RELEASE_WAIT_MS: a process's
   * leader may already be a zombie (its fds no longer readable) while its other threads still hold
   * the socket open.
   */
  async #portsFreed(inspector: PortInspector, service: ResolvedService): Promise<PortHolders> {
    const { clock, defaults } = this.deps;
    const deadline = clock.now() + PORT_RELEASE_WAIT_MS;
    for (;;) {
      const found = await findPortHolders(inspector, service.ports);
      if ((found.holders.length === 0 && found.hidden.length === 0) || clock.now() >= deadline) return found;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, defaults.stopPollMs));
    }
  }

  #judge(found: PortHolders, mode: PortConflictMode): Verdict {
    const { processTable: table } = this.deps;
    if (found.holders.length === 0) {
      const [port] = found.hidden;
      if (port === undefined) return SPAWN;
      return fail(`port ${port} is held by a process stackctl cannot see (another user's?)`);
    }
    for (const holder of found.holders) {
      const owner = this.deps.serviceOf(holder.pid);
      if (owner !== null) return fail(`${this.describe(holder)}, a process of service ${owner}`);
    }
    const holder = rootHolder(found.holders, (pid) => table?.info(pid)?.ppid ?? null) ?? found.holders[0];
    if (holder === undefined) return SPAWN;
    const reason = this.describe(holder);
    if (mode === 'fail') return fail(reason, holder);
    if (table === null) return fail(`${reason}; it cannot be adopted or replaced without a process table`, holder);
    const checked: Array<readonly [ExternalProcess, ProcessFingerprint]> = [];
    for (const each of mode === 'adopt' ? [holder] : found.holders) {
      const info = table.info(each.pid);
      // Gone since the ports were read, or its pid reused: nothing of it to adopt or stop.
      if (info === null || (each.startedAt !== null && Math.abs(info.startedAt - each.startedAt) > 2000)) continue;
      const self = (this.deps.self ?? (() => selfIdentity(table)))();
      const targets = selectStopTargets({ holder: { pid: info.pid, pgid: info.pgid }, descendants: [], groupMembers: [], self });
      if (targets.kind === 'refused') return fail(`${this.describe(each)}: ${targets.reason}, so it is left alone`);
      checked.push([each, fingerprintOf(info)]);
    }
    if (mode === 'replace') return { kind: 'replace', holders: checked };
    const [adopted] = checked;
    return adopted === undefined ? SPAWN : { kind: 'adopt', holder: adopted[0], fingerprint: adopted[1] };
  }

  /** SIGTERM to the holder's tree, up to the service's stop_timeout for it to go, then SIGKILL. */
  async #stopHolder(service: ResolvedService, [holder, fingerprint]: readonly [ExternalProcess, ProcessFingerprint]): Promise<void> {
    const { platform, processTable, clock, defaults, logger } = this.deps;
    if (processTable === null) return;
    // Only what is proven the holder's: its group when it leads one, else it and its descendants, pid by pid.
    const tree = new ServiceSignals(fingerprint, [], { platform, processTable, ...(this.deps.self === undefined ? {} : { self: this.deps.self }) });
    logger.debug({ service: service.name, pid: holder.pid }, `replacing ${shortCommand(holder.command)}`);
    await terminateGroup({
      clock,
      signalGroup: (signal) => void tree.signal(signal),
      groupAlive: () => tree.alive(),
      leaderExited: () => tree.plan().leader !== 'proven',
      leaderExit: new Promise(() => {}),
      signal: 'SIGTERM',
      timeoutMs: service.stopTimeoutMs,
      immediate: false,
      escalate: new Promise(() => {}),
      pollMs: defaults.stopPollMs,
      killWaitMs: defaults.killWaitMs,
    });
    const who = describeProcess(holder, { now: clock.now(), home: this.#home() });
    this.deps.onReplaced(service.name, `stopped ${who}, which held port ${holder.port}`);
  }

  #home(): string | null {
    if (this.deps.home !== undefined) return this.deps.home;
    try {
      return os.homedir();
    } catch {
      return null;
    }
  }
}

function fail(reason: string, holder?: ExternalProcess): PortDecision {
  return { kind: 'fail', reason, detail: holder === undefined ? { code: 'E_PORT_IN_USE' } : { code: 'E_PORT_IN_USE', holder } };
}
