// The stackctl library: load a config, create an engine, and the types and errors they use.
export { createEngine, type EngineOptions, type EngineHandle, type StartOutcome } from './supervisor/index.js';
export type { EngineEvent, ExitRecord, HealthState, OutputLine, ServiceState, ServiceStatus } from './supervisor/index.js';
export { loadConfig, defineConfig, parseDuration, parseSize, type StackctlConfigInput } from './config/index.js';
export type { ResolvedConfig, ResolvedService, ResolvedHealth, HealthCheckSpec } from './config/index.js';
export { StackctlError, isStackctlError, type ErrorCode } from './errors/index.js';
export { createPlatform } from './system/create-platform.js';
export type { Platform, ChildHandle, SpawnSpec } from './system/platform.js';
