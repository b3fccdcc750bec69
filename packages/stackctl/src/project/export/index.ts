// Public surface of `stackctl export`: one pure generator per target, from the resolved config.
import { exportCompose } from './compose.js';
import type { ExportGenerator } from './export-input.js';
import { exportPm2 } from './pm2.js';
import { exportProcfile } from './procfile.js';
import { exportSystemd } from './systemd.js';

export * from './export-input.js';
export { jsIsEsmIn } from './module-type.js';
export { exportCompose, exportPm2, exportProcfile, exportSystemd };

export const EXPORT_TARGETS = ['systemd', 'pm2', 'compose', 'procfile'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export const GENERATORS: Record<ExportTarget, ExportGenerator> = {
  systemd: exportSystemd,
  pm2: exportPm2,
  compose: exportCompose,
  procfile: exportProcfile,
};
