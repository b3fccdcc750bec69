// End-to-end: ten `stackctl start` racing on a fresh project make exactly one daemon and start every service once.
import { afterEach, describe, expect, it } from 'vitest';
import { pidsOfProject, runCli } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, eventually, expectNothingLeft, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) cleanUp(project);
});

describe('stackctl start racing', () => {
  it('ten parallel starts: one daemon, one process per service, every CLI exits 0', async () => {
    const project = createTempProject(`services:
  db:
    command: ["node", ${fixture('forever.cjs')}]
    health: { exec: "true", interval: 200ms }
  api:
    command: ["node", ${fixture('forever.cjs')}]
    depends_on: { db: healthy }
  worker:
    command: ["node", ${fixture('forever.cjs')}]
`);
    projects.push(project);
    const runs = await Promise.all(Array.from({ length: 10 }, () => runCli(['start'], { cwd: project.dir })));
    for (const run of runs) expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    // Every CLI may have spawned a daemon; those that lost the lock exit 0 at once, leaving one.
    await eventually(() => daemonPids(project), (pids) => pids.length === 1, 'exactly one daemon');
    const status = await statusJson(project);
    expect(status.services.map((service) => [service.name, service.state])).toEqual([
      ['db', 'running'],
      ['api', 'running'],
      ['worker', 'running'],
    ]);
    // One process per service: the project's processes are exactly the three pids status reports.
    const pids = status.services.map((service) => service.pid).sort();
    expect(pidsOfProject(project.name).sort()).toEqual(pids);
    expect(status.services.every((service) => service.restarts === 0)).toBe(true);
    // Each process printed `ready` once into its service's log: nothing was ever started twice.
    const lines = (await cliOk(project, ['--json', 'logs', '-n', '1000'])).trim().split('\n').map((line) => JSON.parse(line) as { service: string; line: string });
    expect(lines.filter((line) => line.line === 'ready').map((line) => line.service).sort()).toEqual(['api', 'db', 'worker']);

    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
  });
});
