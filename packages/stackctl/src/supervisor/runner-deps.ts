// What a service's runner needs from the engine: the OS seams, the event sinks, the run ledger and the port inspector.
import type { ProjectCgroups } from '../system/cgroup/index.js';
import type { PortInspector } from '../system/ports/index.js';
import type { EngineLogger } from './engine-logger.js';
import type { RunLedger } from './run-ledger.js';
import type { RunDeps } from './service-run.js';
import type { EngineEvent, OutputBatch } from './types.js';

export interface RunnerDeps extends RunDeps {
  readonly logger: EngineLogger;
  readonly emit: (event: EngineEvent) => void;
  readonly emitOutput: (batch: OutputBatch) => void;
  readonly ledger: RunLedger;
  /** Checks, after each spawn's start period, that the declared ports were opened; null: no check. */
  readonly inspector: PortInspector | null;
  /** Where each spawn gets its own cgroup (Linux, a writable cgroup v2 tree); null: none. */
  readonly cgroups: ProjectCgroups | null;
}
