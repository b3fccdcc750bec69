// Integration: a service whose program does not exist fails at once (cause command_not_found, a hint), without restarts.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const harnesses = new EngineHarnesses();
const dirs: string[] = [];
afterEach(async () => {
  await harnesses.disposeAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function projectWithVenv(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-venv-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.venv', 'bin'), { recursive: true });
  writeFileSync(path.join(dir, '.venv', 'bin', 'stackctl-test-uvicorn'), '#!/bin/sh\nsleep 60\n');
  chmodSync(path.join(dir, '.venv', 'bin', 'stackctl-test-uvicorn'), 0o755);
  return dir;
}

describe.skipIf(process.platform === 'win32')('engine: a command that does not exist', () => {
  it('fails a shell command exiting 127 at once, naming the program and the virtualenv that has it, and never restarts it', async () => {
    const cwd = projectWithVenv();
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'api', command: 'stackctl-test-uvicorn app:main --port 8000', cwd, restart: 'always', maxRestarts: 5 }),
        makeService({ name: 'web', command: 'sleep 60', dependsOn: { api: 'started' } }),
      ),
    );
    await harness.engine.start(['api']);
    const failed = await harness.waitForState('api', 'failed');
    expect(failed).toMatchObject({
      reason: 'command not found: stackctl-test-uvicorn; it is in the virtualenv ./.venv: run `./.venv/bin/stackctl-test-uvicorn`, or `uv run stackctl-test-uvicorn …`',
      restarts: 0,
      lastExit: { code: 127 },
    });
    expect(harness.eventsOf('spawn', 'api')).toHaveLength(1);
    expect(harness.eventsOf('restart-scheduled', 'api')).toHaveLength(0);
    expect(harness.eventsOf('state', 'api').at(-1)).toMatchObject({ to: 'failed', cause: 'command_not_found' });
  });

  it('fails an argv command whose program is not on PATH at spawn, with cause command_not_found', async () => {
    const harness = harnesses.create(makeConfig(makeService({ name: 'api', command: ['stackctl-no-such-program', '--serve'], restart: 'on-failure' })));
    const outcome = await harness.engine.start();
    expect(outcome.failed).toEqual([{ name: 'api', reason: 'command not found: stackctl-no-such-program' }]);
    expect(harness.eventsOf('state', 'api').at(-1)).toMatchObject({ to: 'failed', cause: 'command_not_found' });
    expect(harness.status('api').restarts).toBe(0);
  });

  it('restarts as usual a crash after some other program was not found (exit code not 127)', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'job', command: 'stackctl-no-such-helper; exit 3', restart: 'on-failure', maxRestarts: 1 })),
    );
    await harness.engine.start();
    expect(await harness.waitForState('job', 'failed')).toMatchObject({ reason: expect.stringMatching(/^crash loop/), restarts: 1 });
    expect(harness.eventsOf('spawn', 'job')).toHaveLength(2);
  });
});
