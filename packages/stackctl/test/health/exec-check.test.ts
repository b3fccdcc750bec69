// Integration tests of the exec health check: exit codes, cwd and env, and killing the whole group on timeout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createExecChecker } from '../../src/health/exec-check.js';
import { createPosixPlatform } from '../../src/system/posix-platform.js';
import { shellFixture } from '../helpers/fixtures.js';
import { expectPidsGone, expectPidsGoneAndClear } from '../helpers/pids.js';
import { waitFor } from '../helpers/wait-for.js';

const platform = createPosixPlatform();
const checker = createExecChecker(platform);
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const pids = new Set<number>();

afterEach(() => expectPidsGoneAndClear(pids));

function check(command: string, signal = AbortSignal.timeout(10_000), extraEnv: Record<string, string> = {}) {
  return checker.check({ kind: 'exec', command }, { cwd: os.tmpdir(), env: { ...env, ...extraEnv }, signal });
}

describe.skipIf(process.platform === 'win32')('exec check', () => {
  it('is healthy on exit 0 and reports the last output line', async () => {
    expect(await check('echo one; echo ready')).toEqual({ ok: true, detail: 'exit code 0: ready' });
  });

  it('is unhealthy on a non-zero exit', async () => {
    expect(await check('echo "not yet" >&2; exit 3')).toEqual({ ok: false, detail: 'exit code 3: not yet' });
  });

  it('runs in the service cwd with the service env', async () => {
    const result = await check('test "$(pwd -P)" = "$(cd "$TMP_EXPECTED" && pwd -P)" && echo "$TOKEN"', undefined, {
      TMP_EXPECTED: os.tmpdir(),
      TOKEN: 'abc',
    });
    expect(result).toEqual({ ok: true, detail: 'exit code 0: abc' });
  });

  it('kills the check and everything it started when the signal aborts', async () => {
    // The fixture's output is the checker's, so the tree's pids go to a file the test reads back.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-exec-')), 'pids');
    const pidsIn = (): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    const controller = new AbortController();
    const pending = checker.check(
      { kind: 'exec', command: `${shellFixture('grandchildren')} > "$PIDS_FILE"` },
      { cwd: os.tmpdir(), env: { ...env, PIDS_FILE: file }, signal: controller.signal },
    );
    try {
      await waitFor(() => pidsIn().includes('pid grandchild'), { message: 'the check to start its grandchild' });
      for (const match of pidsIn().matchAll(/^pid \S+ (\d+)$/gm)) pids.add(Number(match[1]));
      expect(pids.size).toBe(3);
      controller.abort(new Error('timed out after 1000ms'));
      expect(await pending).toEqual({ ok: false, detail: 'timed out after 1000ms' });
      await expectPidsGone(pids);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('reports a spawn failure as unhealthy', async () => {
    const result = await checker.check(
      { kind: 'exec', command: 'true' },
      { cwd: '/no/such/dir', env, signal: AbortSignal.timeout(1000) },
    );
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(/does not exist/) });
  });
});
