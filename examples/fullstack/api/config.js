// The API's settings, read once from the environment, with the defaults the demo runs on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = path.dirname(fileURLToPath(import.meta.url));

/** Reads an integer from the environment, falling back to `fallback` when unset or invalid. */
function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Relative database paths are resolved against the api folder, so the file lands in the same place from any cwd. */
function databasePathFromEnv() {
  const value = process.env.DATABASE_PATH || './data/todos.db';
  return value === ':memory:' ? value : path.resolve(apiDir, value);
}

export const config = Object.freeze({
  host: process.env.HOST || '127.0.0.1',
  port: intFromEnv('PORT', 4000),
  databasePath: databasePathFromEnv(),
  /** Simulated start-up work after the database opens, before /health answers 200. */
  warmupMs: intFromEnv('WARMUP_MS', 1000),
  /** In-flight requests get this long to finish on SIGTERM before their connections are cut. */
  shutdownGraceMs: intFromEnv('SHUTDOWN_GRACE_MS', 5000),
  logLevel: process.env.LOG_LEVEL || 'info',
});
