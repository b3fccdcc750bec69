// Public surface of `stackctl doctor`: the checks, the runner and the report formatters.
export type { CheckNeeds, ConfigState, DoctorCheck, DoctorContext, Finding, FindingStatus } from './doctor-check.js';
export { CHECK_IDS, DOCTOR_CHECKS } from './check-list.js';
export { runDoctor, type DoctorEntry, type DoctorOptions, type DoctorReport } from './run-doctor.js';
export { doctorExitCode, doctorJson, formatReport, reportOk, summaryLine, type DoctorJson, type ReportOptions } from './format-report.js';
export { parseEnginesRange, parseVersion, satisfies, suggestedVersion, type EnginesRange, type Version } from './engines-range.js';
