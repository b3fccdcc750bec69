// Benchmark 1: wall time of `stackctl status` (10 idle services, a daemon answering) against `node -e 0`, interleaved.
import { spawnSync } from 'node:child_process';
import { BenchProject, CLI, CLI_ENV, fixture } from './lib/project.js';
import { median, round, summary } from './lib/stats.js';

const SERVICES = 10;

function timed(args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env: CLI_ENV, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return { ms, stdout: result.stdout };
}

export async function benchStatusLatency({ runs = 20 } = {}) {
  const body = Array.from({ length: SERVICES }, (_, i) => `  idle${i}:\n    command: ["node", ${fixture('idle.mjs')}]\n`).join('');
  const project = new BenchProject('status', body);
  try {
    await project.cli(['start']);
    const status = await project.status();
    if (status.services.filter((s) => s.state === 'running').length !== SERVICES) throw new Error(`not all running: ${JSON.stringify(status)}`);
    project.daemonPid();

    const cases = {
      baseline: ['-e', '0'],
      status: [CLI, 'status'],
      version: [CLI, '--version'],
    };
    const times = { baseline: [], status: [], version: [] };
    const check = (name, stdout) => {
      if (name === 'status' && stdout.trimEnd().split('\n').filter((line) => / running /.test(line)).length !== SERVICES) {
        throw new Error(`unexpected status output:\n${stdout}`);
      }
    };
    // Warm the file cache first; then each round runs every case once, in a rotating order.
    for (const [name, args] of Object.entries(cases)) for (let i = 0; i < 3; i += 1) check(name, timed(args, project.dir).stdout);
    const names = Object.keys(cases);
    for (let round_ = 0; round_ < runs; round_ += 1) {
      for (let k = 0; k < names.length; k += 1) {
        const name = names[(round_ + k) % names.length];
        const { ms, stdout } = timed(cases[name], project.dir);
        check(name, stdout);
        times[name].push(ms);
      }
    }
    const base = median(times.baseline);
    return {
      id: 'status',
      title: '`stackctl status`, 10 services',
      unit: 'ms',
      value: round(median(times.status), 1),
      baseline: round(base, 1),
      baselineLabel: '`node -e 0`',
      ratio: round(median(times.status) / base, 2),
      target: '≤ 1.3× baseline',
      met: median(times.status) / base <= 1.3,
      details: {
        status_ms: summary(times.status, 1),
        node_e_0_ms: summary(times.baseline, 1),
        version_ms: summary(times.version, 1),
        version_ratio: round(median(times.version) / base, 2),
      },
    };
  } finally {
    await project.teardown();
  }
}
