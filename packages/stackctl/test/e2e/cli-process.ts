// Runs the built `stackctl` CLI as a real child process and lets a test read its output and signal it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killSurvivors } from '../helpers/pids.js';

export const CLI_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/stackctl.cjs');

export interface CliRun {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `pattern` appears in stdout; rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or 128 + signal number) once the CLI has exited. */
  exited: Promise<number>;
}

export function startCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const matches = () => (typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out));
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          reject(new Error(`timed out waiting for ${String(pattern)}\n--- stdout ---\n${out.slice(-3000)}\n--- stderr ---\n${err}`));
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        };
        waiters.push(check);
        void exited.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            reject(new Error(`CLI exited before ${String(pattern)} appeared\n--- stdout ---\n${out.slice(-3000)}\n--- stderr ---\n${err}`));
          }
        });
      }),
  };
}

/** Runs the CLI to completion. */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = startCli(args, options);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/**
 * PIDs of every live process whose environment says it belongs to this stackctl project:
 * services and all their descendants inherit STACKCTL_PROJECT, so nothing escapes this check.
 */
export function pidsOfProject(project: string): number[] {
  const marker = `STACKCTL_PROJECT=${project}\0`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (`${environ}\0`.includes(marker)) {
        const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        if (state !== 'Z') found.push(Number(entry));
      }
    } catch {
      // the process ended while we looked, or is not ours to read
    }
  }
  return found;
}

/** Polls until no process of the project is alive, or returns the ones still there after `timeoutMs`. */
export async function waitUntilProjectGone(project: string, timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pidsOfProject(project);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = pidsOfProject(project);
  }
  return left;
}

/**
 * SIGKILLs whatever of the project is still alive (cleanup after a failed test), by PID. Only for a
 * project name this test process made up (it holds `-<pid>-`, see temp-project.ts): never one a
 * user's own stack could carry, such as the demo's `demo`.
 */
export function killProject(project: string): void {
  if (!project.includes(`-${process.pid}-`)) {
    throw new Error(`killProject("${project}"): not a project name made by this test process; kill by pid instead`);
  }
  killSurvivors(pidsOfProject(project));
}
