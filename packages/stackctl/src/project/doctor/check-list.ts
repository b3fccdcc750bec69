// Every check of `stackctl doctor`, in the order their findings are shown.
import { cgroupsCheck } from './checks/cgroups-check.js';
import { configCheck } from './checks/config-check.js';
import { databaseCheck } from './checks/database-check.js';
import { dependenciesCheck } from './checks/dependencies-check.js';
import { diskCheck } from './checks/disk-check.js';
import { envCheck } from './checks/env-check.js';
import { nodeCheck } from './checks/node-check.js';
import { portsCheck } from './checks/ports-check.js';
import { runRecordsCheck } from './checks/run-records-check.js';
import { stateDirCheck } from './checks/state-dir-check.js';
import { toolsCheck } from './checks/tools-check.js';
import type { DoctorCheck } from './doctor-check.js';

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  configCheck,
  nodeCheck,
  toolsCheck,
  dependenciesCheck,
  envCheck,
  portsCheck,
  runRecordsCheck,
  diskCheck,
  stateDirCheck,
  cgroupsCheck,
  databaseCheck,
];

export const CHECK_IDS: readonly string[] = DOCTOR_CHECKS.map((check) => check.id);
