// Public surface of the migration tool presets: run an action through the project's tool, detect which tool a project uses.
export { runPresetAction, type PresetRunOptions } from './run-preset.js';
export { detectMigrationTool } from './detect-tool.js';
export { PRESETS } from './preset-table.js';
export { commandLines, type ExternalTool, type MigrationPreset, type PresetAction, type PresetStep, type ToolProgram } from './preset-types.js';
export { findProgram, foldersUp, type FoundProgram } from './find-program.js';
export { toolEnv } from './database-url-env.js';
export { runToolProcess, ToolStartError, TAIL_LINES, type ToolProcessResult, type ToolProcessSpec } from './tool-process.js';
