// Health check of the worker: exits 0 when its last successful run is recent (three intervals at most).
import { readFileSync } from 'node:fs';

const intervalMs = Number.parseInt(process.env.WORKER_INTERVAL_MS ?? '', 10) || 3000;
const heartbeatFile = process.env.HEARTBEAT_FILE || '.heartbeat';

let last = 0;
try {
  last = Number(readFileSync(heartbeatFile, 'utf8'));
} catch {
  console.error('no heartbeat yet');
  process.exit(1);
}
const age = Date.now() - last;
if (age > 3 * intervalMs) {
  console.error(`last successful run ${age}ms ago`);
  process.exit(1);
}
