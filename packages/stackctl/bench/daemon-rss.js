// Benchmark 2: the daemon's resident memory with 10 idle services, once the stack has settled (~5 s).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BenchProject, CLI_ENV, FIXTURES, fixture } from './lib/project.js';
import { assertGone, memoryOf, sleep } from './lib/processes.js';
import { median, round } from './lib/stats.js';

const SERVICES = 10;
const SETTLE_MS = 5000;
/** A second look this much later, for the details only: V8's memory reducer first runs ~8 s after the daemon started. */
const LATER_MS = 10_000;
const MB = 1024 * 1024;

async function sampleRss(pid, samples = 5) {
  const values = [];
  for (let i = 0; i < samples; i += 1) {
    values.push(memoryOf(pid).rss);
    await sleep(200);
  }
  return median(values);
}

/** The daemon's own view of its memory (`GET /healthz` on its socket): V8's heap in use and reserved. */
function daemonHealth(socketPath) {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: '/healthz', timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(JSON.parse(body)));
    });
    request.once('timeout', () => request.destroy(new Error('no answer on /healthz')));
    request.once('error', reject);
  });
}

/** An idle plain `node` process after the same settle time: what Node itself costs. */
async function idleNodeRss() {
  const child = spawn(process.execPath, [path.join(FIXTURES, 'idle.mjs')], { env: CLI_ENV, stdio: 'ignore' });
  try {
    await sleep(SETTLE_MS);
    return await sampleRss(child.pid);
  } finally {
    child.kill('SIGKILL');
    await assertGone([child.pid], 'the reference node process');
  }
}

export async function benchDaemonRss() {
  const body = Array.from({ length: SERVICES }, (_, i) => `  idle${i}:\n    command: ["node", ${fixture('idle.mjs')}]\n`).join('');
  const project = new BenchProject('rss', body);
  try {
    const [, reference] = await Promise.all([
      (async () => {
        await project.cli(['start']);
        await sleep(SETTLE_MS);
      })(),
      idleNodeRss(),
    ]);
    const pid = project.daemonPid();
    const rss = await sampleRss(pid);
    const { hwm, anon, file, threads } = memoryOf(pid);
    const { memory } = await daemonHealth(path.join(project.dir, '.stackctl/daemon.sock'));
    const status = await project.status();
    if (status.services.filter((s) => s.state === 'running').length !== SERVICES) throw new Error(`not all running: ${JSON.stringify(status)}`);
    // Left alone again (the status above was the last request), then a second look.
    await sleep(LATER_MS);
    const later = await sampleRss(pid);
    return {
      id: 'rss',
      title: 'daemon RSS, 10 idle services',
      unit: 'MB',
      value: round(rss / MB, 1),
      baseline: round(reference / MB, 1),
      baselineLabel: 'idle `node` process',
      ratio: round(rss / reference, 2),
      target: '≤ 48 MB',
      met: rss <= 48 * MB,
      details: {
        daemon_rss_mb: round(rss / MB, 1),
        daemon_peak_rss_mb: round(hwm / MB, 1),
        idle_node_rss_mb: round(reference / MB, 1),
        // The parts of daemon_rss_mb: anonymous (mostly V8's heap) and file-backed (node's own code and data paged in).
        daemon_rss_anon_mb: round(anon / MB, 1),
        daemon_rss_file_mb: round(file / MB, 1),
        daemon_threads: threads,
        daemon_heap_used_mb: round(memory.heap_used_bytes / MB, 1),
        daemon_heap_total_mb: round(memory.heap_total_bytes / MB, 1),
        daemon_rss_mb_10s_later: round(later / MB, 1),
        // What the daemon was started as: its script (the bundle, normally) and whether a CA file was deferred.
        daemon_script: (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((arg) => arg.endsWith('.js')) ?? '').split('/').slice(-2).join('/'),
        node_extra_ca_certs_deferred: process.env.NODE_EXTRA_CA_CERTS !== undefined && process.env.NODE_EXTRA_CA_CERTS !== '',
      },
    };
  } finally {
    await project.teardown();
  }
}
