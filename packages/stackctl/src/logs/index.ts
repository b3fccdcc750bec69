// Public surface of per-service log files: format, rotating writer, tail reader, merge and follow.
export { LOG_DEFAULTS, type LogDefaults } from './log-defaults.js';
export { formatLogLine, parseLogLine } from './log-line-format.js';
export { TimestampPrefixCache } from './timestamp-prefix-cache.js';
export { logFilePath, logFilePaths, rotatedLogPath, existingLogFiles, serviceOfLogFile } from './log-file-paths.js';
export { rotateLogFiles } from './rotate-log-files.js';
export { RotatingLogWriter, type RotatingLogWriterOptions } from './rotating-log-writer.js';
export { readLinesBackward, type BackwardLineOptions } from './backward-line-reader.js';
export { readLog, type ReadLogOptions } from './log-reader.js';
export { readStackLogs } from './read-stack-logs.js';
export { mergeLogs } from './merge-logs.js';
export { followLog, type FollowLogOptions, type LogFollowerHandle } from './log-follower.js';
export { stableLogFiles, sameFile, type LogFileEntry } from './log-file-snapshot.js';
