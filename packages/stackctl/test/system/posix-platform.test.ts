// Integration tests of the POSIX platform: process groups, spawn errors, group signals and liveness.
import { afterEach, describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import { createPosixPlatform } from '../../src/system/posix-platform.js';
import { nodeFixture, shellFixture } from '../helpers/fixtures.js';
import { expectPidsGone, expectPidsGoneAndClear } from '../helpers/pids.js';
import { thrown } from '../helpers/thrown.js';
import { waitFor } from '../helpers/wait-for.js';
import { collectOutput } from '../helpers/collect-output.js';

const platform = createPosixPlatform();
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const pids = new Set<number>();


afterEach(() => expectPidsGoneAndClear(pids));

describe.skipIf(process.platform === 'win32')('posix platform', () => {
  it.each([
    ['a shell string', shellFixture('exit-with-code', 3)],
    ['an argv list', nodeFixture('exit-with-code', 3)],
  ])('runs %s with the env and cwd given, as its own group leader', async (_, command) => {
    const child = platform.spawn({ command, cwd: '/', env });
    const output = collectOutput(child, pids);
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(output.text()).toBe('exiting with 3 in 0ms\n');
    expect(platform.groupAlive(child.pid)).toBe(false);
    expect(platform.signalGroup(child.pid, 'SIGTERM')).toBe(false);
  });

  it('passes exactly the environment given', async () => {
    const child = platform.spawn({ command: 'echo "$GREETING-$HOME"', cwd: '/', env: { ...env, GREETING: 'hi' } });
    const output = collectOutput(child, pids);
    await child.exited;
    expect(output.text()).toBe('hi-\n');
  });

  it('signals the whole tree: leader, child and grandchild', async () => {
    const child = platform.spawn({ command: shellFixture('grandchildren'), cwd: '/', env });
    const output = collectOutput(child, pids);
    await waitFor(() => output.text().includes('pid grandchild'), { message: 'grandchild pid' });
    expect(pids.size).toBeGreaterThanOrEqual(4);
    expect(platform.groupAlive(child.pid)).toBe(true);
    expect(platform.signalGroup(child.pid, 'SIGTERM')).toBe(true);
    expect((await child.exited).signal).toBe('SIGTERM');
    await waitFor(() => !platform.groupAlive(child.pid), { message: 'group gone' });
    await expectPidsGone(pids);
  });

  it('reports a missing working directory as E_SPAWN_FAILED', () => {
    const error = thrown(() => platform.spawn({ command: 'true', cwd: '/no/such/dir', env }));
    expect(isStackctlError(error) && error.code).toBe('E_SPAWN_FAILED');
    expect((error as Error).message).toMatch(/working directory \/no\/such\/dir does not exist/);
  });

  it('reports a missing program as E_SPAWN_FAILED', () => {
    const error = thrown(() => platform.spawn({ command: ['no-such-program-xyz'], cwd: '/', env }));
    expect(isStackctlError(error) && error.code).toBe('E_SPAWN_FAILED');
    expect((error as Error).message).toMatch(/no-such-program-xyz not found in PATH/);
  });

  it('refuses to signal group 0 or 1', () => {
    expect(() => platform.signalGroup(0, 'SIGTERM')).toThrow(/refusing/);
    expect(() => platform.groupAlive(1)).toThrow(/refusing/);
  });
});
