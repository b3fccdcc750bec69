// End-to-end: the logs folder on a real full disk (a 256 KiB tmpfs) and read-only (a read-only bind mount): lines counted, warned of, marked, never glued together.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/index.js';
import { parseGapMarker, type NotSavedGap } from '../../src/logs/log-gap-marker.js';
import { parseLogLine } from '../../src/logs/log-line-format.js';
import type { EngineEvent } from '../../src/supervisor/types.js';
import { runCli } from './cli-process.js';
import { cleanUp, cliOk, eventually, expectNothingLeft } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

/** Whether this machine lets the tests mount a tmpfs (root on Linux); the reason when not. */
function mountingImpossible(): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = mkdtempSync(path.join(os.tmpdir(), 'stackctl-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return null;
  } catch {
    return 'mount -t tmpfs failed here (no CAP_SYS_ADMIN?)';
  } finally {
    rmdirSync(probe);
  }
}

const SKIP = mountingImpossible();
const mounts: string[] = [];
const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) {
    // Processes first (by pid), then the mounts, then the folder.
    cleanUp({ ...project, remove: () => undefined });
    for (const mount of mounts.splice(0).reverse()) unmount(mount);
    project.remove();
  }
});

afterAll(() => {
  for (const mount of mounts.splice(0).reverse()) unmount(mount);
});

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    } catch {
      // not mounted any more
    }
  }
}

function numberedProject(): TempProject {
  const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('numbered-lines.cjs')}, "1"]
`);
  projects.push(p);
  return p;
}

interface ServiceJson {
  readonly name: string;
  readonly log_loss: { lines: number; stdout: number; stderr: number; reason: string; code: string; since: number; until: number; ongoing: boolean } | null;
}

async function apiStatus(p: TempProject): Promise<ServiceJson> {
  const status = JSON.parse(await cliOk(p, ['--json', 'status'])) as { services: ServiceJson[] };
  return status.services[0] as ServiceJson;
}

/** Writes into `file` until the disk refuses (ENOSPC): the disk is full. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 0x78);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Every record of api's log must be whole and well-formed: a numbered line `<pid> <n>` or a marker.
 * Returns the numbers kept and the markers.
 */
function readApiLog(p: TempProject): { numbers: number[]; markers: NotSavedGap[] } {
  const logsDir = path.join(p.dir, '.stackctl', 'logs');
  const rotated = readdirSync(logsDir)
    .filter((name) => /^api\.log\.\d+$/.test(name))
    .sort((a, b) => Number(b.slice(8)) - Number(a.slice(8)));
  const records = [...rotated, 'api.log'].flatMap((name) => {
    const text = readFileSync(path.join(logsDir, name), 'utf8');
    expect(text.endsWith('\n'), `${name} ends with a whole line`).toBe(true);
    return text.slice(0, -1).split('\n');
  });
  const numbers: number[] = [];
  const markers: NotSavedGap[] = [];
  for (const record of records) {
    const line = parseLogLine(record, 'api');
    expect(line, `not a record: ${JSON.stringify(record)}`).not.toBeNull();
    const gap = parseGapMarker(line?.line ?? '');
    if (gap !== null) {
      expect(gap.kind).toBe('not_saved');
      markers.push(gap as NotSavedGap);
      continue;
    }
    expect(line?.line, `a cut or glued line: ${JSON.stringify(record)}`).toMatch(/^\d+ \d+$/);
    numbers.push(Number(line?.line.split(' ')[1]));
  }
  return { numbers, markers };
}

/** Stops the stack; then the log is complete: the last number the service printed is the highest kept (nothing is lost at the end). */
async function stopAndCheckAccounting(p: TempProject, expectReason: string): Promise<{ lost: number; kept: number }> {
  await cliOk(p, ['stop']);
  const { numbers, markers } = readApiLog(p);
  for (let i = 1; i < numbers.length; i++) expect(numbers[i], `order at ${i}`).toBeGreaterThan(numbers[i - 1] as number);
  expect(markers.length).toBeGreaterThanOrEqual(1);
  for (const marker of markers) expect(marker.reason).toBe(expectReason);
  const lost = markers.reduce((sum, marker) => sum + marker.lines, 0);
  const written = numbers.at(-1) ?? 0;
  // Every line the service wrote is in the file or counted in a marker: no other gap.
  expect(numbers.length + lost).toBe(written);
  expect(numbers[0]).toBe(1);
  return { lost, kept: numbers.length };
}

/** How many numbered lines api's log holds so far (0 before it exists). */
function keptSoFar(p: TempProject): number {
  try {
    return readFileSync(path.join(p.dir, '.stackctl', 'logs', 'api.log'), 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

async function warningCauses(p: TempProject): Promise<string[]> {
  const events = await createApiClient(path.join(p.dir, '.stackctl', 'daemon.sock')).events({ limit: 1000 });
  return events.flatMap((event: EngineEvent) => (event.type === 'warning' && event.cause !== undefined ? [event.cause] : []));
}

describe.skipIf(SKIP !== null)(`log files on a failing disk${SKIP === null ? '' : ` (skipped: ${SKIP})`}`, () => {
  it('full disk: counts the lines, warns in events, status and logs, marks the gap exactly, and glues no line to another', async () => {
    const p = numberedProject();
    const logsDir = path.join(p.dir, '.stackctl', 'logs');
    mkdirSync(logsDir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', logsDir]);
    mounts.push(logsDir);
    await cliOk(p, ['start']);
    await eventually(() => keptSoFar(p), (count) => count >= 50, 'api printing');

    const filler = path.join(logsDir, 'filler');
    fillDisk(filler);
    const failing = await eventually(() => apiStatus(p), (api) => (api.log_loss?.lines ?? 0) >= 300, 'lines counted as lost');
    expect(failing.log_loss).toMatchObject({ ongoing: true, code: 'ENOSPC', reason: 'disk full' });
    expect(await cliOk(p, ['status'])).toMatch(/^api: \d+ lines not saved \(disk full\) since \d\d:\d\d:\d\d$/m);
    const during = await runCli(['logs', 'api', '-n', '5'], { cwd: p.dir });
    expect(during.stderr).toMatch(/^warning: api: \d+ lines not saved \(disk full\) since \d\d:\d\d:\d\d; its log is missing them$/m);
    expect(await warningCauses(p)).toEqual(['log_write_failed']);

    rmSync(filler);
    const resumed = await eventually(() => apiStatus(p), (api) => api.log_loss?.ongoing === false, 'writing again');
    expect(await warningCauses(p)).toEqual(['log_write_failed', 'log_write_resumed']);
    await eventually(() => keptSoFar(p), (count) => count >= 100, 'api lines after the gap');
    expect(await cliOk(p, ['status'])).toMatch(/^api: \d+ lines not saved \(disk full\) between \d\d:\d\d:\d\d and \d\d:\d\d:\d\d$/m);

    const logs = await runCli(['logs', 'api', '-n', '100000'], { cwd: p.dir });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^api ◆ \d+ lines not saved \(disk full\) between \d\d:\d\d:\d\d and \d\d:\d\d:\d\d$/m);
    expect(logs.stderr).toMatch(/^warning: api's log has a gap: \d+ lines not saved \(disk full\) between /m);

    const { lost } = await stopAndCheckAccounting(p, 'disk full');
    expect(lost).toBe(resumed.log_loss?.lines);
    await expectNothingLeft(p);
  }, 60_000);

  it('read-only folder: every line counted while it lasts, and the marker once it is writable again', async () => {
    const p = createTempProject(`services:
  api:
    command: ["node", ${fixture('numbered-lines.cjs')}, "1"]
    logs: { max_size: 4KB, max_files: 50 }
`);
    projects.push(p);
    const logsDir = path.join(p.dir, '.stackctl', 'logs');
    mkdirSync(logsDir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', logsDir]);
    mounts.push(logsDir);
    await cliOk(p, ['start']);
    await eventually(() => keptSoFar(p), (count) => count >= 20, 'api printing');
    // A read-only view over the folder: the open file still takes writes, but the next rotation
    // (every 4 KB) cannot rename or create a file, so from then on every write fails with EROFS.
    execFileSync('mount', ['--bind', logsDir, logsDir]);
    mounts.push(logsDir);
    execFileSync('mount', ['-o', 'remount,bind,ro', logsDir]);
    const failing = await eventually(() => apiStatus(p), (api) => (api.log_loss?.lines ?? 0) >= 200, 'lines counted as lost');
    expect(failing.log_loss).toMatchObject({ ongoing: true, code: 'EROFS', reason: 'read-only file system' });
    expect(await warningCauses(p)).toEqual(['log_write_failed']);
    unmount(mounts.pop() as string);
    await eventually(() => apiStatus(p), (api) => api.log_loss?.ongoing === false, 'writing again');
    await eventually(() => keptSoFar(p), (count) => count >= 20, 'api lines after the gap');
    await stopAndCheckAccounting(p, 'read-only file system');
    await expectNothingLeft(p);
  }, 60_000);
});
