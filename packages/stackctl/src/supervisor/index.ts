// Public surface of the supervisor engine.
export { createEngine, type EngineOptions } from './engine.js';
export type { AdoptOutcome, EngineHandle, StartOutcome } from './engine-handle.js';
export type { RunRecord, RunRecordStore, ServiceOrigin } from './run-record.js';
export { ENDED_UNWATCHED } from './service-runner.js';
export type { EngineLogger } from './engine-logger.js';
export { SUPERVISOR_DEFAULTS, type SupervisorDefaults } from './defaults.js';
export { TRANSITIONS, canTransition } from './state-machine.js';
export {
  decideRestart,
  backoffDelayMs,
  restartDue,
  type RestartDecision,
  type RestartHistory,
} from './restart-policy.js';
export type {
  EngineEvent,
  ExitRecord,
  HealthState,
  OutputBatch,
  OutputLine,
  OutputStream,
  ServiceState,
  ServiceStatus,
} from './types.js';
