// End-to-end: a command whose stdout reader goes away (`stackctl up | head`) ends quietly with exit 141; `up` stops its services first.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, pidsOfProject, startCli, waitUntilProjectGone } from './cli-process.js';
import { cleanUp, cliOk, daemonPids, eventually, expectNothingLeft } from './daemon-helpers.js';
import { fixture, TempProjects, type TempProject } from './temp-project.js';

const projects = new TempProjects(cleanUp);

afterEach(() => projects.cleanUpAll());

/** 128 + SIGPIPE: what a shell reports for a program whose pipe's reader left. */
const BROKEN_PIPE = 141;

const CHATTY = `services:
  talker:
    command: ["node", ${fixture('numbered-lines.cjs')}, "20"]
  sleeper:
    command: ["node", ${fixture('forever.cjs')}]
`;

interface ClosedRun {
  readonly code: number;
  readonly stderr: string;
}

/**
 * Runs the CLI with stdout on a pipe and closes the reading end once its output so far matches
 * `closeWhen` ('at-once': before the CLI wrote anything), as `| head` does; resolves when the CLI has exited.
 */
function runWithReaderGone(p: TempProject, args: readonly string[], closeWhen: RegExp | 'at-once', onClosed?: () => void): Promise<ClosedRun> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: p.dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let stdout = '';
  const close = (): void => {
    child.stdout.destroy();
    onClosed?.();
  };
  if (closeWhen === 'at-once') close();
  else {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (closeWhen.test(stdout)) close();
    });
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stderr }));
  });
}

/** Nothing about the closed pipe on stderr: no stack trace, no unhandled error. */
function expectQuiet(stderr: string): void {
  expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
  expect(stderr).toBe('');
}

describe('a closed output pipe', () => {
  it.each([
    ['up', ['up']],
    ['--json up', ['--json', 'up']],
  ])('`%s` stops every service, then ends quietly with 141', async (_label, args) => {
    const p = projects.create(CHATTY);
    // The project's processes seen while the output flowed (a loaded machine may stretch it): proof they ran.
    const running = new Set<number>();
    const look = (): void => pidsOfProject(p.name).forEach((pid) => running.add(pid));
    const watcher = setInterval(look, 50);
    // Once both services are up and the talker's lines flow.
    const run = await runWithReaderGone(p, args, /all 2 service\(s\) up[^]*talker[^]*talker/, look).finally(() => clearInterval(watcher));
    expect(running.size).toBeGreaterThanOrEqual(2);
    expectQuiet(run.stderr);
    expect(run.code).toBe(BROKEN_PIPE);
    // Stopped, not orphaned: no process of the project left, no run record, no daemon.
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
    expect(runRecords(p)).toEqual([]);
    expect(daemonPids(p)).toEqual([]);
  });

  it('`up` whose pipe closed before any service started stops cleanly too', async () => {
    const p = projects.create(CHATTY);
    const run = await runWithReaderGone(p, ['up'], 'at-once');
    expectQuiet(run.stderr);
    expect(run.code).toBe(BROKEN_PIPE);
    await expectNothingLeft(p);
    expect(runRecords(p)).toEqual([]);
  });

  it('`logs -f`, `--json logs -f`, `status --watch` and `--json status --watch` end quietly with 141', async () => {
    const p = projects.create(CHATTY);
    await cliOk(p, ['start']);
    for (const args of [['logs', '-f'], ['--json', 'logs', '-f'], ['status', '--watch'], ['--json', 'status', '--watch']]) {
      const run = await runWithReaderGone(p, args, /talker|sleeper/);
      expectQuiet(run.stderr);
      expect(run.code, args.join(' ')).toBe(BROKEN_PIPE);
    }
    // The stack was not touched.
    expect(pidsOfProject(p.name).length).toBeGreaterThanOrEqual(2);
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  });

  it('one-shot output (`status`, `--json status`, `--json logs`, `logs`) into a closed pipe ends quietly with 141', async () => {
    const p = projects.create(`services:
  printer:
    command: ["node", ${fixture('print-lines.cjs')}, "5000", "line", "--pad=100"]
    restart: "no"
  sleeper:
    command: ["node", ${fixture('forever.cjs')}]
`);
    await cliOk(p, ['start']);
    // More lines in the log file than a pipe holds, so `logs` is still writing when its reader is gone.
    await eventually(
      async () => (await cliOk(p, ['logs', '-n', '6000', 'printer'])).split('\n').length,
      (count) => count > 5000,
      'the printer to have written its 5000 lines',
      30_000,
    );
    for (const args of [['status'], ['--json', 'status'], ['--json', 'logs', '-n', '6000'], ['logs', '-n', '6000']]) {
      const run = await runWithReaderGone(p, args, 'at-once');
      expectQuiet(run.stderr);
      expect(run.code, args.join(' ')).toBe(BROKEN_PIPE);
    }
    await cliOk(p, ['stop']);
    await expectNothingLeft(p);
  }, 60_000);

  it('an `up` that kept its pipe is not affected: Ctrl+C still exits 0', async () => {
    const p = projects.create(CHATTY);
    const up = startCli(['up'], { cwd: p.dir });
    await up.waitForOutput(/all 2 service\(s\) up/);
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    await expectNothingLeft(p);
  });
});

function runRecords(p: TempProject): string[] {
  const dir = path.join(p.dir, '.stackctl', 'run');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
}
