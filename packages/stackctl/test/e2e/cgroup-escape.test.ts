// End-to-end: a service whose child leaves its process group (setsid) and ignores SIGTERM, through `start`, `status` and `stop` — with and without a daemon.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateCgroupBase } from '../../src/system/cgroup/index.js';
import { CGROUPS_UNAVAILABLE, serviceDirs } from '../helpers/cgroups.js';
import { pidAlive } from '../helpers/pids.js';
import { pidsOfProject, runCli } from './cli-process.js';
import { cleanUp, cliOk, eventually, killDaemon, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const created of projects.splice(0)) {
    cleanUp(created);
    for (const dir of projectCgroupDirs(created)) {
      for (const service of serviceDirs(dir)) fs.rmdirSync(service);
      fs.rmdirSync(dir);
    }
  }
});

const HOLD_MB = 100;

function escapingProject(): TempProject {
  const created = createTempProject(`services:
  api:
    command: ["node", ${fixture('escapes-group.cjs')}, "--hold=${HOLD_MB}"]
    stop_timeout: 500ms
`);
  projects.push(created);
  return created;
}

/** The project's cgroup folders (`<name>-<hash>`) under stackctl's cgroup base. */
function projectCgroupDirs(project: TempProject): string[] {
  const base = locateCgroupBase();
  if (!base.available) return [];
  return fs
    .readdirSync(base.dir)
    .filter((entry) => entry.startsWith(`${project.name}-`))
    .map((entry) => path.join(base.dir, entry));
}

/** Starts it and waits for the leader and the child that left its group, both running. */
async function startEscaping(project: TempProject): Promise<number[]> {
  await cliOk(project, ['start']);
  return eventually(() => pidsOfProject(project.name), (pids) => pids.length === 2, 'the leader and its escaped child');
}

describe.skipIf(CGROUPS_UNAVAILABLE !== null)(`no escape from stop through the cgroup${CGROUPS_UNAVAILABLE === null ? '' : ` — skipped: ${CGROUPS_UNAVAILABLE}`}`, () => {
  it('status counts the escaped child\'s memory; stop leaves no process and no cgroup', async () => {
    const project = escapingProject();
    const pids = await startEscaping(project);
    const [dir] = projectCgroupDirs(project);
    expect(serviceDirs(dir!)).toEqual([path.join(dir!, 'api')]);
    // The child holds HOLD_MB of its own; the leader alone is a bare node process, far below that.
    const status = await eventually(
      () => statusJson(project),
      (json) => (json.services[0]?.memory_bytes ?? 0) >= HOLD_MB * 1024 * 1024,
      'memory to count the escaped child',
    );
    expect(status.services[0]).toMatchObject({ name: 'api', state: 'running' });

    const stop = await runCli(['stop'], { cwd: project.dir });
    expect(stop.code, stop.stderr).toBe(0);
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(projectCgroupDirs(project)).toEqual([]);
  });

  it('stop with no daemon finds the cgroup in the run record and leaves no process and no cgroup', async () => {
    const project = escapingProject();
    const pids = await startEscaping(project);
    const record = JSON.parse(fs.readFileSync(path.join(project.dir, '.stackctl/run/api.json'), 'utf8')) as { cgroup?: string };
    expect(record.cgroup).toMatch(/\/stackctl\/.+\/api$/);
    await killDaemon(project);

    const stop = await runCli(['stop'], { cwd: project.dir });
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/api/);
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(fs.existsSync(record.cgroup!)).toBe(false);
    expect(projectCgroupDirs(project)).toEqual([]);
    expect(fs.existsSync(path.join(project.dir, '.stackctl/run/api.json'))).toBe(false);
  });
});
