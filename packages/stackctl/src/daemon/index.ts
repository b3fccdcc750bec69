// Public surface of the daemon: the process itself, the host shared with `up`, and the CLI's ways to reach or replace it.
export { daemonPathsFor, ensureDaemonDirs, type DaemonPaths } from './daemon-paths.js';
export { acquireInstanceLock, currentLockName, lockNameFor, type InstanceLock, type InstanceLockOptions } from './instance-lock.js';
export { readDaemonPidFile, writeDaemonPidFile, checkDaemonPid, type DaemonPidRecord } from './daemon-pid-file.js';
export { createEngineHost, withTransitiveDependents, type EngineHost, type EngineHostOptions } from './engine-host.js';
export { runDaemon, type DaemonOptions } from './daemon-main.js';
export { CLI_SCRIPT } from './daemon-launch.js';
export { ensureDaemon, probeHost, type DaemonConnection, type EnsureDaemonOptions } from './ensure-daemon.js';
export { inspectHost, stopDaemon, type HostInfo, type StopDaemonResult } from './daemon-control.js';
export { stopFromRunRecords, type OfflineStopOutcome, type OfflineStopResult } from './offline-stop.js';
export { liveRunRecords, offlineStatus } from './offline-status.js';
export { createExternalFinder, EXTERNAL_CACHE_MS, type ExternalFinder, type ExternalFinderOptions, type ExternalHolders } from './external-holders.js';
export { openRunRecordStore } from './run-record-store.js';
export { MetricsSampler, METRICS_INTERVAL_MS, type MetricsSamplerOptions } from './metrics-sampler.js';
export { ServiceLogFiles } from './service-log-files.js';
export { SyncLogFile, type SyncLogFileOptions } from './sync-log-file.js';
export { streamStackLogs, iterateStackLogs, type StackLogStreamOptions } from './stack-log-stream.js';
export { createOverlapFilter } from './log-overlap.js';
export { configSummary, isSecretName } from './config-summary.js';
