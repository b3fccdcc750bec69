// End-to-end: a daemon killed with SIGKILL — services run on, the next daemon adopts them, logs stay whole but for a read in flight;
// and `stop` works with no daemon at all, from the run records.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CGROUPS_UNAVAILABLE } from '../helpers/cgroups.js';
import { pidsOfProject, runCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, eventually, expectNothingLeft, killDaemon, pidsByName, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const created of projects.splice(0)) cleanUp(created);
});

/** A project named after its folder; `services` is the YAML under `services:` (default: a ticker and a service that crashes once). */
function project(services?: (dir: string) => string): TempProject {
  const dir = createTempProject('services: {}\n');
  projects.push(dir);
  const body =
    services?.(dir.dir) ??
    `  ticker:
    command: ["node", ${fixture('numbered-lines.cjs')}, "5"]
  flaky:
    command: ["node", ${fixture('crash-once.cjs')}, ${JSON.stringify(path.join(dir.dir, 'crashed-once'))}]
`;
  writeFileSync(path.join(dir.dir, 'stackctl.yaml'), `name: ${dir.name}\nservices:\n${body}`);
  return dir;
}

/** The numbers of a ticker's log lines (`<pid> <i>`), checking every line came from `pid`. */
function tickerNumbers(p: TempProject, pid: number): number[] {
  const text = readFileSync(path.join(p.dir, '.stackctl', 'logs', 'ticker.log'), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const match = /^\S+ out (\d+) (\d+)$/.exec(line);
      expect(match, `unexpected log line: ${line}`).not.toBeNull();
      expect(Number(match?.[1])).toBe(pid);
      return Number(match?.[2]);
    });
}

/**
 * Kills the daemon while no read is in flight (the burst test covers a kill that strikes one): the ticker holds
 * still, the log takes everything it wrote, the daemon dies, the ticker goes on — its next lines wait in its pipe.
 */
async function killDaemonBetweenLines(p: TempProject, tickerPid: number): Promise<void> {
  process.kill(tickerPid, 'SIGSTOP');
  try {
    let lastSize = -1;
    const logStill = (): boolean => {
      const size = statSync(path.join(p.dir, '.stackctl', 'logs', 'ticker.log')).size;
      const still = size === lastSize;
      lastSize = size;
      return still;
    };
    await eventually(logStill, (still) => still, 'the ticker log to stop growing');
    await killDaemon(p);
  } finally {
    process.kill(tickerPid, 'SIGCONT');
  }
}

function expectContiguous(numbers: readonly number[]): void {
  expect(numbers.length).toBeGreaterThan(10);
  const broken = numbers.findIndex((n, i) => n !== i + 1);
  expect(broken, `line ${broken + 1} of the log is number ${numbers[broken]}`).toBe(-1);
}

describe('a daemon killed with SIGKILL', () => {
  it('leaves the services running; the next command re-adopts them and every line is logged exactly once', async () => {
    const p = project();
    await cliOk(p, ['start']);
    const before = await eventually(() => statusJson(p), (s) => s.services.every((x) => x.state === 'running') && s.services[1]?.restarts === 1, 'flaky restarted once, both running');
    const pids = pidsByName(before);

    await killDaemonBetweenLines(p, pids.ticker ?? 0);
    expect(pidsOfProject(p.name).sort()).toEqual(Object.values(pids).sort());

    // The next command finds no daemon, starts one, and it adopts the services: same pids, restart counts kept.
    const after = await statusJson(p);
    expect(pidsByName(after)).toEqual(pids);
    expect(after.services.map((s) => [s.name, s.state, s.restarts])).toEqual([
      ['ticker', 'running', 0],
      ['flaky', 'running', 1],
    ]);
    await eventually(() => daemonPids(p), (pids) => pids.length === 1, 'exactly one daemon');

    // Lines keep arriving through the new daemon.
    const latest = (): Promise<number> =>
      cliOk(p, ['--json', 'logs', '-n', '1', 'ticker']).then((out) => Number((JSON.parse(out) as { line: string }).line.split(' ')[1]));
    const seen = await latest();
    await eventually(latest, (n) => n > seen + 20, 'more ticker lines after the adoption');

    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
    expectContiguous(tickerNumbers(p, pids.ticker ?? 0));
  });

  it('under a burst of line-by-line output, loses at most the one read the daemon was killed in, and nothing else', async () => {
    const count = 300_000;
    const p = project(
      () => `  chatty:
    command: ["node", ${fixture('print-lines.cjs')}, "${count}", "chatty", "--pad=90"]
    restart: "no"
    logs: { max_size: 64MB }
`,
    );
    const log = path.join(p.dir, '.stackctl', 'logs', 'chatty.log');
    const logLines = (): string[] => readFileSync(log, 'latin1').trimEnd().split('\n');
    await cliOk(p, ['start', '--no-wait']);
    // ~100 bytes a line, one write each: kill the daemon once ~10,000 lines are in (a few ms into the burst).
    await eventually(() => (existsSync(log) ? statSync(log).size : 0), (size) => size > 1_300_000, 'the burst under way', 30_000);
    await killDaemon(p);
    const atKill = logLines().length;
    expect(atKill, 'the daemon must die in the middle of the burst').toBeLessThan(count);

    // The writer waits on its full pipe; the next daemon adopts it and reads on from where the last one stopped.
    await eventually(() => statusJson(p), (s) => s.services[0]?.state === 'exited', 'chatty to finish under the new daemon', 60_000);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
    const padding = 'x'.repeat(90);
    // A record cut inside its `<time> out ` prefix holds no text at all.
    const texts = logLines().map((line) => (line.includes(' out ') ? line.slice(line.indexOf(' out ') + 5) : ''));
    const { gapAfter, missing, damaged } = findKillGap(texts, (n) => `chatty ${n} ${padding}`, count);
    // What a SIGKILL can take: the lines of the one read in flight (at most 64 KiB: ~650 of these lines, and one more
    // for a line it cut), right where it struck; the first record possibly cut short, the rest of a line it had
    // half read possibly logged on its own. Everything before and after is there, in order, once.
    expect(missing).toBeLessThanOrEqual(Math.ceil(65_536 / (padding.length + 'chatty 1 \n'.length)) + 1);
    expect(damaged).toBeLessThanOrEqual(2);
    if (gapAfter !== null) {
      expect(gapAfter).toBeGreaterThanOrEqual(atKill - 1);
      expect(gapAfter).toBeLessThanOrEqual(atKill);
    }
  });

  it('`stop` with no daemon running stops everything from the run records, never a reused pid', async () => {
    const p = project();
    await cliOk(p, ['start']);
    // Wait for flaky's second (lasting) process: its first one exits by itself.
    const status = await eventually(() => statusJson(p), (s) => s.services.every((x) => x.state === 'running') && s.services[1]?.restarts === 1, 'flaky restarted once, both running');
    const pids = pidsByName(status);
    await killDaemonBetweenLines(p, pids.ticker ?? 0);

    // A stale record whose pid now belongs to someone else (this test process): it must not be signalled.
    const runDir = path.join(p.dir, '.stackctl', 'run');
    const flakyRecord = JSON.parse(readFileSync(path.join(runDir, 'flaky.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(runDir, 'flaky.json'), JSON.stringify({ ...flakyRecord, pid: process.pid, pgid: process.pid }));
    const flakyPid = pids.flaky ?? 0;

    const { code, stdout, stderr } = await runCli(['stop'], { cwd: p.dir });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`✓ ticker stopped (pid ${pids.ticker})`);
    expect(daemonPids(p)).toEqual([]);
    if (CGROUPS_UNAVAILABLE === null) {
      // The record still names flaky's cgroup, which holds its real process (and never this one): stopped through it.
      expect(stdout).toContain(`✓ flaky stopped (pid ${flakyPid})`);
    } else {
      expect(stdout).toContain(`flaky: pid ${process.pid} now belongs to another process; not signalled, removed its stale run record`);
      // flaky's real process lost its record above, so nothing could know it: end it by hand.
      process.kill(-flakyPid, 'SIGTERM');
    }
    await expectNothingLeft(p);
    expect(readFileSync(path.join(runDir, '..', 'logs', 'ticker.log'), 'utf8')).not.toBe('');
    expectContiguous(tickerNumbers(p, pids.ticker ?? 0));
  });
});

/**
 * Checks `texts` is lines 1…count (`expected(n)`) in order, but for one gap: returns after which line it opens
 * (null: none), how many lines it lacks (a damaged one counted as lacking), and how many damaged records it holds
 * (the first record cut short, the rest of a half-read line). Throws on anything else: a duplicate, a line out of
 * order, a second gap, damage elsewhere.
 */
function findKillGap(texts: readonly string[], expected: (n: number) => string, count: number) {
  let next = 1;
  let gapAfter: number | null = null;
  let gapClosed = false;
  let missing = 0;
  let damaged = 0;
  let fragment: string | null = null;
  const fail = (index: number, what: string): never => {
    throw new Error(`log line ${index + 1} (${JSON.stringify(texts[index]?.slice(0, 40))}), expected line ${next}: ${what}`);
  };
  for (const [index, text] of texts.entries()) {
    const match = /^chatty (\d+) /.exec(text);
    const n = match === null ? Number.NaN : Number(match[1]);
    const intact = text === expected(n);
    if (intact && n === next && fragment === null) {
      if (gapAfter !== null) gapClosed = true;
      next += 1;
      continue;
    }
    if (gapClosed) fail(index, 'a second gap');
    gapAfter ??= next - 1;
    if (intact) {
      if (n < next) fail(index, 'a repeated or reordered line');
      if (fragment !== null && !expected(n - 1).endsWith(fragment)) fail(index - 1, 'damage that is not the rest of the line before');
      missing += n - next;
      fragment = null;
      next = n + 1;
      continue;
    }
    damaged += 1;
    if (damaged > 2) fail(index, 'more damage than one cut record and one half-read line');
    if (fragment === null && expected(next).startsWith(text)) {
      missing += 1; // a record cut short
      next += 1;
    } else if (fragment === null) {
      fragment = text;
    } else {
      fail(index, 'two fragments in a row');
    }
  }
  if (fragment !== null) fail(texts.length - 1, 'damage at the very end');
  if (next <= count) {
    if (gapClosed) fail(texts.length - 1, 'lines missing at the end too');
    gapAfter ??= next - 1;
    missing += count + 1 - next;
  }
  return { gapAfter, missing, damaged };
}
