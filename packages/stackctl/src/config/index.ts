// Public surface of the config pipeline: load a config, type a config file, parse units and dotenv text, the JSON Schema.
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config.js';
export { defineConfig, type StackctlConfigInput, type StackctlConfigFactory } from './define-config.js';
export { parseDuration, parseSize, formatDuration, formatSize, DURATION_FORMS, SIZE_FORMS } from './durations.js';
export { parseDotenv, type ParseDotenvOptions } from './dotenv.js';
export { formatProblem, type ConfigProblem, type ProblemSeverity } from './problem.js';
export { ConfigInvalidError, configProblemsOf } from './config-invalid-error.js';
export { configJsonSchema } from './json-schema.js';
export { CONFIG_FILE_NAMES } from './discover.js';
export { DEFAULTS } from './defaults.js';
export { projectBins, type ProjectBins } from './project-bins.js';
export type * from './types.js';
