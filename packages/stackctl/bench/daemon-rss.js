// Benchmark 2: the daemon's resident memory with 10 idle services, once the stack has settled (~5 s).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BenchProject, CLI_ENV, FIXTURES, fixture } from './lib/project.js';
import { assertGone, memoryOf, sleep } from './lib/processes.js';
import { median, round } from './lib/stats.js';

const SERVICES = 10;
const SETTLE_MS = 5000;
const MB = 1024 * 1024;

async function sampleRss(pid, samples = 5) {
  const values = [];
  for (let i = 0; i < samples; i += 1) {
    values.push(memoryOf(pid).rss);
    await sleep(200);
  }
  return median(values);
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
    const { hwm } = memoryOf(pid);
    const status = await project.status();
    if (status.services.filter((s) => s.state === 'running').length !== SERVICES) throw new Error(`not all running: ${JSON.stringify(status)}`);
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
      details: { daemon_rss_mb: round(rss / MB, 1), daemon_peak_rss_mb: round(hwm / MB, 1), idle_node_rss_mb: round(reference / MB, 1) },
    };
  } finally {
    await project.teardown();
  }
}
