// Public surface of `stackctl init`'s engine: detect a project's services and write them as a commented stackctl.yaml.
export { detectProject, type DetectOptions, type PlannedService, type ProjectPlan } from './detect-project.js';
export { writeConfig, type WriteConfigOptions } from './write-config.js';
export { diskProjectFiles, memoryProjectFiles, type ProjectFiles } from './project-files.js';
export type { ContainerHint, DetectedService, HealthGuess, ServiceRole } from './detected.js';
export { schemaReference } from './schema-reference.js';
export { withDebianPostgres } from './native-services.js';
