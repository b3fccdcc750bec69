// Public surface of the process table: process info, trees, groups and PID-reuse-proof fingerprints.
export type { ProcessFingerprint, ProcessInfo, ProcessTable } from './process-table.js';
export {
  checkFingerprint,
  compareFingerprint,
  fingerprintOf,
  matchesFingerprint,
  takeFingerprint,
  type FingerprintVerdict,
} from './fingerprint.js';
export { LinuxProcessTable, type LinuxProcessTableOptions } from './linux-process-table.js';
export { PsProcessTable, systemPs, type PsRunner } from './ps-process-table.js';
export { createProcessTable } from './create-process-table.js';
export { parseBootTime, parseCmdline, parseProcStat, type ProcStat } from './parse-proc-stat.js';
export { parseCpuTime, parsePsLine, parsePsOutput, PS_COLUMNS, type PsRow } from './parse-ps-output.js';
export { collectDescendants, type ProcessLink } from './process-tree.js';
