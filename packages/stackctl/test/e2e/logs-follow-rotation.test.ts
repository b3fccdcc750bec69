// End-to-end: `logs -f` over a tiny, fast-rotating log — every line once and in order while it keeps up, a marker with the count when it cannot.
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, type CliRun } from './cli-process.js';
import { cleanUp, cliOk, expectNothingLeft } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
const runs: CliRun[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await run.exited;
  }
  for (const project of projects.splice(0)) cleanUp(project);
});

interface Followed {
  readonly numbers: number[];
  /** Each marker's count of lines; null for one that could not count them (the writer's record moved on meanwhile). */
  readonly markers: Array<number | null>;
}

/**
 * The numbered lines `logs -f` printed (`api | <pid> <n>`) and its markers
 * (`api ◆ <count> lines rotated away before they could be shown`). Each number must come once, in
 * order; every gap must have a marker, and a marker that counts must count exactly that gap (one that
 * cannot count says lines "may have been" rotated away: there may be none).
 */
function checkFollowed(stdout: string, first: number): Followed {
  const numbers: number[] = [];
  const markers: Array<number | null> = [];
  let previous = first - 1;
  let marked: number | null | undefined;
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const marker = /^api ◆ (?:(\d+) lines?|lines may have been) rotated away before they could be shown$/.exec(line);
    if (marker !== null) {
      marked = marker[1] === undefined ? null : Number(marker[1]);
      markers.push(marked);
      continue;
    }
    const numbered = /^api \| \d+ (\d+)$/.exec(line);
    expect(numbered, `an unexpected line: ${JSON.stringify(line)}`).not.toBeNull();
    const n = Number(numbered?.[1]);
    const missing = n - previous - 1;
    if (marked === undefined) expect(missing, `the gap before ${n} (no marker)`).toBe(0);
    else if (marked === null) expect(missing, `the gap before ${n} (a marker without a count: "may have been")`).toBeGreaterThanOrEqual(0);
    else expect(missing, `the gap before ${n} (marker: ${marked})`).toBe(marked);
    marked = undefined;
    numbers.push(n);
    previous = n;
  }
  return { numbers, markers };
}

async function servicePid(p: TempProject): Promise<number> {
  const status = JSON.parse(await cliOk(p, ['--json', 'status'])) as { services: Array<{ pid: number }> };
  return status.services[0]?.pid ?? 0;
}

/** Starts api (a line every `intervalMs`, `burst` lines at once on SIGUSR2) and `logs -f api`, once it shows a line. */
async function startFollowing(intervalMs: number, burst: number, maxSize: string, maxFiles: number): Promise<{ follow: CliRun; p: TempProject; pid: number }> {
  const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('numbered-lines.cjs')}, "${intervalMs}", "${burst}"]
    logs: { max_size: ${maxSize}, max_files: ${maxFiles} }
`);
  projects.push(p);
  await cliOk(p, ['start']);
  const follow = startCli(['logs', '-f', '-n', '1000000', 'api'], { cwd: p.dir });
  runs.push(follow);
  await follow.waitForOutput(/^api \| \d+ \d+$/m, 20_000);
  return { follow, p, pid: await servicePid(p) };
}

/** Ctrl+C for the follower once it showed line `last`. */
async function stopFollowing(follow: CliRun, last: number): Promise<void> {
  await follow.waitForOutput(new RegExp(`^api \\| \\d+ ${last}$`, 'm'), 30_000);
  follow.child.kill('SIGINT');
  expect(await follow.exited).toBe(0);
}

describe('stackctl logs -f over fast rotation', () => {
  it('shows every line once and in order while it keeps up (4 KB × 2 files, a rotation every ~130 lines)', async () => {
    const { follow, p } = await startFollowing(1, 0, '4KB', 2);
    await stopFollowing(follow, 2_500);
    const first = Number(/^api \| \d+ (\d+)$/m.exec(follow.stdout())?.[1]);
    const { numbers, markers } = checkFollowed(follow.stdout(), first);
    expect(markers).toEqual([]);
    expect(numbers.slice(0, 2_500 - first + 1)).toEqual(Array.from({ length: 2_500 - first + 1 }, (_, i) => first + i));
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  }, 60_000);

  it('shows a marker with the count where files were rotated away before it could read them (1 KB × 2 files, a burst)', async () => {
    const { follow, p, pid } = await startFollowing(200, 50_000, '1KB', 2);
    process.kill(pid, 'SIGUSR2');
    await stopFollowing(follow, 50_001);
    const first = Number(/^api \| \d+ (\d+)$/m.exec(follow.stdout())?.[1]);
    const { numbers, markers } = checkFollowed(follow.stdout(), first);
    expect(markers.length).toBeGreaterThan(0);
    const last = numbers.at(-1) ?? 0;
    if (markers.every((count) => count !== null)) {
      expect(numbers.length + markers.reduce<number>((sum, count) => sum + (count ?? 0), 0)).toBe(last - first + 1);
    }
    expect(follow.stderr()).toMatch(/^warning: api's log has a gap: (\d+ lines?|lines may have been) rotated away before they could be shown$/m);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  }, 60_000);
});
