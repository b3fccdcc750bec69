// An in-memory EngineHandle for API tests: fixed statuses, recorded calls, events emitted on demand.
import { StackctlError } from '../../src/errors/index.js';
import type { AdoptOutcome, EngineHandle, StartOptions, StartOutcome, TrackOptions } from '../../src/supervisor/engine-handle.js';
import type { EngineEvent, OutputBatch, OutputLine, ServiceStatus, WarningDetail } from '../../src/supervisor/types.js';

export type EngineCall = { readonly method: 'start' | 'stop' | 'restart' | 'startDependencies' | 'track'; readonly names: readonly string[] };

export { serviceStatus } from '../helpers/service-status.js';

export class FakeEngine implements EngineHandle {
  readonly calls: EngineCall[] = [];
  /** The options of every start, in order. */
  readonly startOptions: StartOptions[] = [];
  /** When set, the next start answers this outcome (and leaves the statuses alone). */
  nextOutcome: StartOutcome | null = null;
  statuses: ServiceStatus[];
  readonly #eventListeners = new Set<(event: EngineEvent) => void>();

  constructor(statuses: ServiceStatus[]) {
    this.statuses = statuses;
  }

  async start(names: readonly string[] = [], options: StartOptions = {}): Promise<StartOutcome> {
    this.#check(names);
    this.calls.push({ method: 'start', names });
    this.startOptions.push(options);
    if (this.nextOutcome !== null) return this.nextOutcome;
    this.#set(names, { state: 'running', pid: 4321, startedAt: 1_000 });
    return { started: this.#targets(names), failed: [] };
  }

  async stop(names: readonly string[] = []): Promise<void> {
    this.calls.push({ method: 'stop', names });
    this.#set(names, { state: 'stopped', pid: null, startedAt: null });
  }

  async restart(names: readonly string[] = []): Promise<StartOutcome> {
    this.calls.push({ method: 'restart', names });
    this.#set(names, { state: 'running', pid: 5555, startedAt: 2_000 });
    return { started: this.#targets(names), failed: [] };
  }

  async startDependencies(name: string, options: StartOptions = {}): Promise<StartOutcome> {
    this.#check([name]);
    this.calls.push({ method: 'startDependencies', names: [name] });
    this.startOptions.push(options);
    return this.nextOutcome ?? { started: [], failed: [] };
  }

  /** The pids `track` was given, in order. */
  readonly tracked: Array<{ readonly name: string; readonly pid: number; readonly options: TrackOptions }> = [];

  async track(name: string, pid: number, options: TrackOptions): Promise<ServiceStatus> {
    this.#check([name]);
    this.calls.push({ method: 'track', names: [name] });
    this.tracked.push({ name, pid, options });
    this.#set([name], { state: 'running', pid, startedAt: 3_000, attached: true });
    return this.statuses.find((status) => status.name === name) as ServiceStatus;
  }

  async kill(): Promise<void> {}

  async adopt(): Promise<AdoptOutcome> {
    return { adopted: [], ended: [], reused: [], skipped: [] };
  }

  async detach(): Promise<void> {}

  status(): readonly ServiceStatus[] {
    return this.statuses;
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  onOutput(_listener: (line: OutputLine) => void): () => void {
    return () => {};
  }

  onOutputBatch(_listener: (batch: OutputBatch) => void): () => void {
    return () => {};
  }

  warn(name: string, message: string, detail: WarningDetail): void {
    this.emit({ type: 'warning', service: name, time: Date.now(), message, ...detail });
  }

  emit(event: EngineEvent): void {
    for (const listener of this.#eventListeners) listener(event);
  }

  get eventListenerCount(): number {
    return this.#eventListeners.size;
  }

  #targets(names: readonly string[]): string[] {
    return names.length === 0 ? this.statuses.map((status) => status.name) : [...names];
  }

  #set(names: readonly string[], patch: Partial<ServiceStatus>): void {
    const targets = new Set(this.#targets(names));
    this.statuses = this.statuses.map((status) => (targets.has(status.name) ? { ...status, ...patch } : status));
  }

  #check(names: readonly string[]): void {
    const unknown = names.find((name) => !this.statuses.some((status) => status.name === name));
    if (unknown !== undefined) throw new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${unknown}"`);
  }
}
