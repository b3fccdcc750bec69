// End-to-end: another local user binding the project's lock name (predicted from the path, or seen while held) blocks neither `start` nor `up`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentLockName, lockNameFor } from '../../src/daemon/instance-lock.js';
import { canActAsStranger, holdAbstractNameAsStranger } from '../helpers/as-stranger.js';
import { runCli, startCli } from './cli-process.js';
import { cliOk, daemonPids, expectNothingLeft, statusJson, useProjectsAndStrangers } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const { projects, strangers } = useProjectsAndStrangers();

function lockOptions(project: TempProject) {
  const root = fs.realpathSync(project.dir);
  return { projectRoot: root, lockFile: path.join(root, '.stackctl', 'daemon.lock') };
}

/** `start` within a few seconds (never the 10 s wait for a daemon that cannot take its lock), one daemon. */
async function startsPromptly(project: TempProject): Promise<void> {
  const began = Date.now();
  const run = await runCli(['start'], { cwd: project.dir });
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr).not.toContain('E_DAEMON_UNREACHABLE');
  expect(Date.now() - began).toBeLessThan(8000);
  expect(daemonPids(project)).toHaveLength(1);
  expect((await statusJson(project)).services.map((service) => service.state)).toEqual(['running']);
}

describe.runIf(canActAsStranger)('the instance lock against another user (runs as root: the stranger is uid 65534)', () => {
  it('a stranger holding the name the path predicts, then the name it saw while the daemon ran: start and up still work', async () => {
    const project = createTempProject(`services:
  api:
    command: ["node", ${fixture('forever.cjs')}]
`);
    projects.push(project);
    const options = lockOptions(project);
    // What a stranger could compute from the path alone (the whole name, before the lock had a secret).
    await holdAbstractNameAsStranger(lockNameFor(options.projectRoot), strangers);
    await startsPromptly(project);

    // The name is listed in /proc/net/unix while the daemon holds it: squat it once the daemon is gone.
    const seen = currentLockName(options);
    expect(fs.readFileSync('/proc/net/unix', 'latin1')).toContain(`@${seen.slice(1)}`);
    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
    await holdAbstractNameAsStranger(seen, strangers);
    await startsPromptly(project);
    expect(currentLockName(options)).not.toBe(seen);
    await cliOk(project, ['stop']);
    await expectNothingLeft(project);

    // `up` takes the same lock: squat its current name too.
    await holdAbstractNameAsStranger(currentLockName(options), strangers);
    const up = startCli(['up'], { cwd: project.dir });
    await up.waitForOutput('api | ready', 8000);
    expect(up.stdout()).not.toContain('E_ALREADY_RUNNING');
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    await expectNothingLeft(project);
  });
});
