// Entry point of the todo API: listens at once, warms up, then reports healthy; shuts down cleanly on SIGTERM/SIGINT.
import http from 'node:http';
import { createApp } from './app.js';
import { config } from './config.js';
import { openDatabase } from './database.js';
import { createLogger } from './logger.js';
import { createReadiness, warmUp } from './readiness.js';
import { createRoutes } from './routes.js';
import { createTodoStore } from './todo-store.js';

const log = createLogger(config.logLevel);
const readiness = createReadiness();
const warmup = new AbortController();

let db;
try {
  db = openDatabase(config.databasePath);
} catch (error) {
  log.error(error.message);
  process.exit(1);
}
const todos = createTodoStore(db);
log.info(`opened database ${config.databasePath}`);

const server = http.createServer(createApp({ routes: createRoutes({ todos, readiness }), readiness, log }));
server.on('error', (error) => {
  log.error(`cannot listen on ${config.host}:${config.port}: ${error.message}`);
  db.close();
  process.exit(1);
});

server.listen(config.port, config.host, async () => {
  log.info(`listening on http://${config.host}:${config.port}`);
  try {
    await warmUp({ todos, warmupMs: config.warmupMs, signal: warmup.signal });
  } catch {
    return; // shutdown began during warm-up
  }
  readiness.state = 'ready';
  log.info(`ready in ${Math.round(process.uptime() * 1000)}ms`);
});

/** Stops accepting connections, lets in-flight requests finish (within the grace period), closes the database. */
function shutdown(signal) {
  if (readiness.state === 'stopping') return;
  log.info(`received ${signal}, shutting down`);
  readiness.state = 'stopping';
  warmup.abort();

  const force = setTimeout(() => {
    log.warn(`requests still open after ${config.shutdownGraceMs}ms, closing their connections`);
    server.closeAllConnections();
  }, config.shutdownGraceMs).unref();

  server.close(() => {
    clearTimeout(force);
    db.close();
    log.info('closed database, bye');
    process.exit(0);
  });
  server.closeIdleConnections();
}

process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
