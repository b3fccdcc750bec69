// Public surface of `stackctl setup`: plan the tasks from the config, run them, read their state.
export * from './setup-task.js';
export { planSetup, type PlanSetupOptions } from './plan-setup.js';
export { runSetup, defaultConcurrency, type RunSetupOptions, type SetupReport } from './run-setup.js';
export { programLookup, type ProgramLookup } from './find-program.js';
export { describeMissing } from './install-hints.js';
export { findExample } from './plan-env.js';
export { taskFingerprint } from './fingerprint.js';
export { SetupState, setupDirFor, taskLogFile, type TaskRecord } from './setup-state.js';
export { upToDate } from './up-to-date.js';
export { previewTask, type TaskPreview } from './preview-task.js';
export type { EnvAnswers } from './run-env-task.js';
export type { MigrateDatabase, MigrateProgress } from './run-migration-task.js';
