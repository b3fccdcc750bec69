// Benchmark 3: a service writing 1,000,000 lines of 108 bytes, under stackctl (daemon, FIFO, log file) against a plain pipe.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BenchProject, CLI_ENV, FIXTURES, fixture } from './lib/project.js';
import { cpuTimeMs, waitFor } from './lib/processes.js';
import { median, round, summary } from './lib/stats.js';

const LINES = 1_000_000;
const GENERATOR = path.join(FIXTURES, 'gen-lines.mjs');
/** What gen-lines.mjs writes after the number (kept in sync with the fixture; checked on every line). */
const FILLER = ' level=info msg="request handled" method=GET path=/api/items status=200 bytes=5120 took=3ms id=ab12';

/** The generator's stdout piped into `cat > /dev/null`: the fastest a plain pipe drains. */
function pipeRun(mode, reportFile) {
  rmSync(reportFile, { force: true });
  const flag = mode === 'blocks' ? ' --blocks' : '';
  const script = `"${process.execPath}" "${GENERATOR}" ${LINES} "${reportFile}"${flag} | cat > /dev/null`;
  const result = spawnSync('/bin/sh', ['-c', script], { env: CLI_ENV, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`the pipe baseline exited ${result.status}`);
  return JSON.parse(readFileSync(reportFile, 'utf8')).ms;
}

/** Runs the service once; resolves with the generator's time and the CPU time the daemon spent meanwhile. */
async function stackctlRun(project, service, reportFile) {
  rmSync(reportFile, { force: true });
  const daemon = project.daemonPid();
  const cpuBefore = cpuTimeMs(daemon);
  await project.cli(['start', '--no-wait', service]);
  const report = await waitFor(() => existsSync(reportFile) && readFileSync(reportFile, 'utf8'), `${service} to finish`, 180_000, 20);
  // The run's exit is only recorded once its output streams ended: every line read is then in the log file.
  await waitFor(async () => (await project.status()).services.find((s) => s.name === service)?.state === 'exited', `${service} to exit`, 60_000, 100);
  return { ms: JSON.parse(report).ms, daemonCpuMs: cpuTimeMs(daemon) - cpuBefore };
}

/** Reads every log file of `service` (rotated ones first) and checks it holds exactly lines 1…LINES, in order. */
function verifyLog(logsDir, service) {
  const base = `${service}.log`;
  const rotated = readdirSync(logsDir)
    .filter((name) => name.startsWith(`${base}.`))
    .map((name) => Number(name.slice(base.length + 1)))
    .sort((a, b) => b - a)
    .map((n) => `${base}.${n}`);
  let expected = 1;
  let partial = '';
  const problems = [];
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  for (const name of [...rotated, base]) {
    const fd = openSync(path.join(logsDir, name), 'r');
    try {
      for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
        const lines = (partial + chunk.toString('latin1', 0, read)).split('\n');
        partial = lines.pop();
        for (const record of lines) {
          // `<24-char ISO time> out <text>`
          const text = record.slice(29);
          if (record.slice(24, 29) !== ' out ' || text !== String(expected).padStart(8, '0') + FILLER) {
            if (problems.length < 5) problems.push(`${name}: expected line ${expected}, found ${JSON.stringify(record.slice(0, 60))}`);
          }
          expected += 1;
        }
      }
    } finally {
      closeSync(fd);
    }
  }
  if (partial !== '') problems.push(`unterminated last record ${JSON.stringify(partial.slice(0, 60))}`);
  return { lines: expected - 1, files: rotated.length + 1, ok: problems.length === 0 && expected - 1 === LINES, problems };
}

export async function benchOutputThroughput({ runs = 3 } = {}) {
  const modes = ['lines', 'blocks'];
  const services = modes.flatMap((mode) => Array.from({ length: runs }, (_, i) => `gen-${mode}-${i + 1}`));
  const body = services
    .map((name) => {
      const report = JSON.stringify(`.stackctl/${name}.json`);
      const flag = name.includes('blocks') ? ', "--blocks"' : '';
      return `  ${name}:\n    command: ["node", ${fixture('gen-lines.mjs')}, "${LINES}", ${report}${flag}]\n    restart: "no"\n    logs: { max_size: 64MB, max_files: 10 }\n`;
    })
    .join('');
  const project = new BenchProject('output', `${body}  warm-up:\n    command: ["node", "-e", "0"]\n    restart: "no"\n`);
  try {
    const times = { lines: { pipe: [], stackctl: [], cpu: [] }, blocks: { pipe: [], stackctl: [], cpu: [] } };
    await project.cli(['start', '--no-wait', 'warm-up']);
    const checks = [];
    const pipeReport = path.join(project.dir, 'pipe-report.json');
    for (let i = 1; i <= runs; i += 1) {
      for (const mode of modes) {
        times[mode].pipe.push(pipeRun(mode, pipeReport));
        const service = `gen-${mode}-${i}`;
        const run = await stackctlRun(project, service, path.join(project.dir, `.stackctl/${service}.json`));
        times[mode].stackctl.push(run.ms);
        times[mode].cpu.push(run.daemonCpuMs);
        checks.push({ service, ...verifyLog(project.logsDir, service) });
      }
    }
    const failed = checks.filter((check) => !check.ok);
    if (failed.length > 0) throw new Error(`log files incomplete or out of order: ${JSON.stringify(failed, null, 2)}`);
    const ratio = (mode) => median(times[mode].stackctl) / median(times[mode].pipe);
    return {
      id: 'output',
      title: '1M lines: one write per line',
      unit: 'ms',
      value: round(median(times.lines.stackctl), 0),
      baseline: round(median(times.lines.pipe), 0),
      baselineLabel: '`| cat > /dev/null`',
      ratio: round(ratio('lines'), 2),
      target: '≤ 1.1× baseline',
      met: ratio('lines') <= 1.1,
      extra: {
        id: 'output-blocks',
        title: '1M lines: 64 KiB writes',
        unit: 'ms',
        value: round(median(times.blocks.stackctl), 0),
        baseline: round(median(times.blocks.pipe), 0),
        baselineLabel: '`| cat > /dev/null`',
        ratio: round(ratio('blocks'), 2),
        target: '(informational)',
        met: null,
      },
      details: {
        lines_per_write: {
          stackctl_ms: summary(times.lines.stackctl, 0),
          pipe_ms: summary(times.lines.pipe, 0),
          stackctl_lines_per_s: round(LINES / (median(times.lines.stackctl) / 1000), 0),
          daemon_cpu_ms: summary(times.lines.cpu, 0),
        },
        blocks_64k: {
          stackctl_ms: summary(times.blocks.stackctl, 0),
          pipe_ms: summary(times.blocks.pipe, 0),
          stackctl_lines_per_s: round(LINES / (median(times.blocks.stackctl) / 1000), 0),
          daemon_cpu_ms: summary(times.blocks.cpu, 0),
        },
        log_checks: checks.map(({ service, lines, files, ok }) => ({ service, lines, files, ok })),
      },
    };
  } finally {
    await project.teardown();
  }
}
