// Entry point of the background worker: runs the job every WORKER_INTERVAL_MS until SIGTERM/SIGINT.
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runJob } from './job.js';
import { createTodoClient } from './todo-client.js';

const apiUrl = process.env.API_URL || 'http://127.0.0.1:4000';
const intervalMs = Number.parseInt(process.env.WORKER_INTERVAL_MS ?? '', 10) || 3000;
const heartbeatFile = process.env.HEARTBEAT_FILE || '.heartbeat';

const stopping = new AbortController();
const client = createTodoClient(apiUrl, { signal: stopping.signal });
const state = { seeded: false };

function stop(signal) {
  if (stopping.signal.aborted) return;
  console.log(`received ${signal}, stopping`);
  stopping.abort();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

/** Explains a failed run in one line: the cause of a network error says more than "fetch failed". */
function describe(error) {
  if (error.name === 'TimeoutError') return `no answer from ${apiUrl} in time`;
  const cause = error.cause?.code ?? error.cause?.message;
  return cause ? `${apiUrl} unreachable (${cause})` : error.message;
}

console.log(`checking ${apiUrl} every ${intervalMs}ms`);
while (!stopping.signal.aborted) {
  try {
    console.log(await runJob({ client, state }));
    // The health check (check-heartbeat.js) reads this: a recent beat means the loop is alive and the API answers.
    writeFileSync(heartbeatFile, `${Date.now()}\n`);
  } catch (error) {
    if (!stopping.signal.aborted) console.error(`run failed: ${describe(error)}`);
  }
  await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
}
console.log('stopped');
