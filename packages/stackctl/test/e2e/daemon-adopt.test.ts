// End-to-end: a daemon killed with SIGKILL loses nothing — services run on, the next daemon adopts them, logs stay whole;
// and `stop` works with no daemon at all, from the run records.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pidsOfProject, runCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, eventually, expectNothingLeft, killDaemon, pidsByName, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const created of projects.splice(0)) cleanUp(created);
});

function project(): TempProject {
  const dir = createTempProject('services: {}\n');
  projects.push(dir);
  writeFileSync(
    path.join(dir.dir, 'stackctl.yaml'),
    `name: ${dir.name}
services:
  ticker:
    command: ["node", ${fixture('numbered-lines.cjs')}, "5"]
  flaky:
    command: ["node", ${fixture('crash-once.cjs')}, ${JSON.stringify(path.join(dir.dir, 'crashed-once'))}]
`,
  );
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

    await killDaemon(p);
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

  it('`stop` with no daemon running stops everything from the run records, never a reused pid', async () => {
    const p = project();
    await cliOk(p, ['start']);
    // Wait for flaky's second (lasting) process: its first one exits by itself.
    const status = await eventually(() => statusJson(p), (s) => s.services.every((x) => x.state === 'running') && s.services[1]?.restarts === 1, 'flaky restarted once, both running');
    const pids = pidsByName(status);
    await killDaemon(p);

    // A stale record whose pid now belongs to someone else (this test process): it must not be signalled.
    const runDir = path.join(p.dir, '.stackctl', 'run');
    const flakyRecord = JSON.parse(readFileSync(path.join(runDir, 'flaky.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(runDir, 'flaky.json'), JSON.stringify({ ...flakyRecord, pid: process.pid, pgid: process.pid }));
    const flakyPid = pids.flaky ?? 0;

    const { code, stdout, stderr } = await runCli(['stop'], { cwd: p.dir });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`✓ ticker stopped (pid ${pids.ticker})`);
    expect(stdout).toContain(`flaky: pid ${process.pid} now belongs to another process; not signalled, removed its stale run record`);
    expect(daemonPids(p)).toEqual([]);
    // flaky's real process lost its record above, so nothing could know it: end it by hand.
    process.kill(-flakyPid, 'SIGTERM');
    await expectNothingLeft(p);
    expect(readFileSync(path.join(runDir, '..', 'logs', 'ticker.log'), 'utf8')).not.toBe('');
    expectContiguous(tickerNumbers(p, pids.ticker ?? 0));
  });
});
