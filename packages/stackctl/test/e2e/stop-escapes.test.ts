// End-to-end: `stackctl stop` ends processes that left the service's group (setsid, double fork, detached), with or without the daemon, and never prints ✓ over a survivor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Freezer, freezerUnavailable } from '../helpers/freezer.js';
import { expectPidsGone, pidAlive } from '../helpers/pids.js';
import { runCli } from './cli-process.js';
import { cleanUp, eventually, expectNothingLeft, killDaemon } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
const freezers: Freezer[] = [];
afterEach(async () => {
  for (const freezer of freezers) freezer.thaw();
  for (const created of projects.splice(0)) cleanUp(created);
  for (const freezer of freezers.splice(0)) await freezer.dispose();
});

function project(body: string): TempProject {
  const created = createTempProject(body);
  projects.push(created);
  return created;
}

const ESCAPING = `services:
  setsid:
    command: ["node", ${fixture('setsid-child.cjs')}]
    stop_timeout: 2s
  detached:
    command: ["node", ${fixture('detached-child.cjs')}]
    stop_timeout: 2s
  double:
    command: ["node", ${fixture('setsid-child.cjs')}, "--fork"]
    stop_timeout: 2s
`;

/** The pid a fixture printed as `pid <role> <n>` into the service's log. */
async function loggedPid(p: TempProject, service: string, role: string): Promise<number> {
  const file = path.join(p.dir, '.stackctl', 'logs', `${service}.log`);
  const read = () => {
    try {
      return new RegExp(`pid ${role} (\\d+)`).exec(readFileSync(file, 'utf8'))?.[1] ?? null;
    } catch {
      return null;
    }
  };
  return Number(await eventually(read, (found) => found !== null, `${service} to log its ${role} pid`));
}

/** Waits until the daemon recorded `pid` among the service's members. */
async function recordedMember(p: TempProject, service: string, pid: number): Promise<void> {
  const members = () => {
    try {
      const record = JSON.parse(readFileSync(path.join(p.dir, '.stackctl', 'run', `${service}.json`), 'utf8')) as { members?: { pid: number }[] };
      return (record.members ?? []).map((member) => member.pid);
    } catch {
      return [];
    }
  };
  await eventually(members, (found) => found.includes(pid), `${service}'s record to list pid ${pid}`);
}

async function startEscaping(p: TempProject): Promise<number[]> {
  const started = await runCli(['start'], { cwd: p.dir });
  expect(started.code, started.stderr).toBe(0);
  const escaped = await Promise.all(['setsid', 'detached', 'double'].map((service) => loggedPid(p, service, 'escaped')));
  await Promise.all(['setsid', 'detached', 'double'].map((service, i) => recordedMember(p, service, escaped[i] ?? 0)));
  return escaped;
}

describe.runIf(process.platform === 'linux')('stackctl stop and processes that left their group', () => {
  it('ends them through the daemon', async () => {
    const p = project(ESCAPING);
    const escaped = await startEscaping(p);
    expect(escaped.every(pidAlive)).toBe(true);
    const stopped = await runCli(['stop'], { cwd: p.dir });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/✓ setsid stopped/);
    expect(stopped.stdout).toMatch(/✓ double stopped/);
    await expectPidsGone(escaped);
    await expectNothingLeft(p);
  });

  it('ends them without a daemon, from the members the daemon recorded', async () => {
    const p = project(ESCAPING);
    const escaped = await startEscaping(p);
    await killDaemon(p);
    const stopped = await runCli(['stop'], { cwd: p.dir });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/✓ detached stopped \(pid \d+\)/);
    await expectPidsGone(escaped);
    await expectNothingLeft(p);
  });

  it.skipIf(freezerUnavailable() !== null)('reports a process it could not end (pid and command), exit 1, never ✓', async () => {
    const p = project(`services:\n  api:\n    command: ["node", ${fixture('setsid-child.cjs')}]\n    stop_timeout: 300ms\n`);
    const started = await runCli(['start'], { cwd: p.dir });
    expect(started.code, started.stderr).toBe(0);
    const escaped = await loggedPid(p, 'api', 'escaped');
    await recordedMember(p, 'api', escaped);
    const freezer = new Freezer();
    freezers.push(freezer);
    freezer.freeze(escaped);
    const stopped = await runCli(['stop'], { cwd: p.dir });
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(1);
    expect(stopped.stdout).toMatch(new RegExp(`✗ api is still running after SIGKILL: ${escaped} \\S*node \\S*setsid-child\\.cjs --role=escaped`));
    expect(stopped.stdout).not.toMatch(/✓ api/);
    expect(pidAlive(escaped)).toBe(true);
    freezer.thaw();
    await expectPidsGone([escaped]);
  });
});
