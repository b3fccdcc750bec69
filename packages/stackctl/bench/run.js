// `npm run bench`: runs the five benchmarks against the built CLI, prints a table, writes bench/results.json.
// Options: --only=status,rss,output,restart,repeated-kill   --quick (fewer runs; for trying things out, not for reporting)
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDaemonRss } from './daemon-rss.js';
import { benchOutputThroughput } from './output-throughput.js';
import { benchRepeatedKill } from './repeated-kill.js';
import { benchRestartLatency } from './restart-latency.js';
import { benchStatusLatency } from './status-latency.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const quick = args.includes('--quick');

const BENCHMARKS = [
  { id: 'status', run: () => benchStatusLatency({ runs: quick ? 8 : 20 }) },
  { id: 'rss', run: () => benchDaemonRss() },
  { id: 'output', run: () => benchOutputThroughput({ runs: quick ? 2 : 9 }) },
  { id: 'restart', run: () => benchRestartLatency({ runs: quick ? 4 : 10 }) },
  { id: 'repeated-kill', run: () => benchRepeatedKill({ kills: quick ? 4 : 10 }) },
];

/** The whole run may not take longer than this: a hung benchmark must not hang CI. */
const OVERALL_TIMEOUT_MS = 8 * 60 * 1000;

function row(result) {
  const ratio = result.unit === 'MB' ? '' : `${result.ratio.toFixed(2)}×`;
  const met = result.met === null ? '' : result.met ? 'yes' : 'NO';
  return [result.title, `${result.value} ${result.unit}`, `${result.baseline} ${result.unit} (${result.baselineLabel})`, ratio, result.target, met];
}

function printTable(rows) {
  const header = ['benchmark', 'stackctl (median)', 'baseline (median)', 'ratio', 'target', 'met'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => cells[i].length)));
  const line = (cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const cells of rows) console.log(line(cells));
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`benchmarks did not finish within ${OVERALL_TIMEOUT_MS / 1000}s`);
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  watchdog.unref();
  const started = Date.now();
  const results = [];
  const failures = [];
  for (const bench of BENCHMARKS) {
    if (only !== undefined && !only.includes(bench.id)) continue;
    const t0 = Date.now();
    process.stdout.write(`running ${bench.id}… `);
    try {
      const result = await bench.run();
      results.push(result);
      console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    } catch (error) {
      console.log('FAILED');
      console.error(error);
      failures.push({ id: bench.id, error: String(error?.stack ?? error) });
    }
  }
  const rows = results.flatMap((result) => [row(result), ...(result.extra === undefined ? [] : [row(result.extra)])]);
  printTable(rows);
  for (const result of results) console.log(`\n${result.id}: ${JSON.stringify(result.details)}`);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    quick,
    seconds: Math.round((Date.now() - started) / 1000),
    results,
    failures,
  };
  writeFileSync(path.join(HERE, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten ${path.join(HERE, 'results.json')} (${report.seconds}s)`);
  clearTimeout(watchdog);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
