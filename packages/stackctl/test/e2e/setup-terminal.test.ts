// End-to-end in a real terminal: `stackctl setup` asks for .env values without --yes and redraws its task list in place.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killProject, waitUntilProjectGone } from './cli-process.js';
import { hasScript, startCliInPty, type PtyRun } from './pty-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
const runs: PtyRun[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.exited;
  }
  for (const project of projects.splice(0)) {
    const left = await waitUntilProjectGone(project.name);
    killProject(project.name);
    project.remove();
    expect(left, 'processes left behind by setup').toEqual([]);
  }
});

describe.runIf(hasScript)('stackctl setup in a terminal', () => {
  it('asks for each value of the example (Enter keeps its default), then shows the running task with its last output line', async () => {
    const p = createTempProject(`services:\n  worker:\n    command: node worker.js\n    env_file: .env\n    setup: ["echo compiling; sleep 1.5; echo \\"key=$API_KEY\\" > seen.txt"]\n`);
    projects.push(p);
    mkdirSync(path.join(p.dir, '.git'));
    writeFileSync(path.join(p.dir, '.env.example'), '# The upstream API key\nAPI_KEY=\nLOG_LEVEL=info\n');
    const run = startCliInPty(['setup'], { cwd: p.dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    runs.push(run);

    await run.waitForOutput('API_KEY (The upstream API key): ');
    expect(existsSync(path.join(p.dir, '.env'))).toBe(false);
    run.type('typed-key\r');
    await run.waitForOutput('LOG_LEVEL [info]: ');
    run.type('\r');
    await run.waitForOutput(/setup: worker \d+(\.\d+)?m?s {2}compiling/);
    expect(await run.exited).toBe(0);
    const screen = run.output();
    expect(screen).toContain('\u001b[2A'); // the list is redrawn in place: cursor up over the two task lines
    expect(screen).toContain('✓ env: .env');
    expect(screen).toMatch(/✓ setup: worker [\d.]+s/);
    expect(screen).toMatch(/setup: 2 tasks — 2 done in /);
    expect(readFileSync(path.join(p.dir, '.env'), 'utf8')).toBe('# The upstream API key\nAPI_KEY=typed-key\nLOG_LEVEL=info\n');
    // The setup: command saw the value just written to .env (the service env is read again after the env files).
    expect(readFileSync(path.join(p.dir, 'seen.txt'), 'utf8')).toBe('key=typed-key\n');
  });
});
