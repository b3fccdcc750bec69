// Public surface of health checking: the checker interface, its three implementations and the monitor.
export type { HealthChecker, HealthCheckers, HealthCheckContext, HealthResult } from './health-checker.js';
export { createHttpChecker, isHealthyStatus } from './http-check.js';
export { createTcpChecker } from './tcp-check.js';
export { createExecChecker } from './exec-check.js';
export { HealthMonitor, type HealthMonitorOptions } from './health-monitor.js';
