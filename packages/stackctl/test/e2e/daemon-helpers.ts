// Helpers for end-to-end tests of the daemon: find its process, parse JSON output, clean a project up completely.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { killProject, runCli, waitUntilProjectGone } from './cli-process.js';
import type { TempProject } from './temp-project.js';
import { removeProjectCgroupsSync } from '../helpers/cgroups.js';
import { expectPidsGone, killSurvivors } from '../helpers/pids.js';

/** Live (non-zombie) processes whose argv holds `__daemon` and this project's folder: the project's daemons. */
export function daemonPids(project: TempProject): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.includes('__daemon') || !argv.some((arg) => arg.startsWith(project.dir))) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Polls until `probe` holds; fails with `message` after `timeoutMs`. */
export async function eventually<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, message: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms: ${message} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await probe();
  }
  return value;
}

/** Runs the CLI, expects exit 0, returns stdout. */
export async function cliOk(project: TempProject, args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli(args, { cwd: project.dir });
  expect(code, `stackctl ${args.join(' ')} exited ${code}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`).toBe(0);
  return stdout;
}

export interface ServiceJson {
  readonly name: string;
  readonly state: string;
  readonly health: string;
  readonly origin: string;
  readonly pid: number | null;
  readonly ports: number[];
  readonly restarts: number;
  readonly uptime_ms: number | null;
  readonly cpu_percent: number | null;
  readonly memory_bytes: number | null;
  /** With origin `external`: the process holding the port. */
  readonly external: { readonly pid: number; readonly command: string; readonly cwd: string | null; readonly started_at: number | null; readonly port: number } | null;
  /** Runs in a user's terminal (`stackctl run`). */
  readonly attached: boolean;
}

export async function statusJson(project: TempProject): Promise<{ project: string; services: ServiceJson[] }> {
  return JSON.parse(await cliOk(project, ['--json', 'status'])) as { project: string; services: ServiceJson[] };
}

export function pidsByName(status: { services: ServiceJson[] }): Record<string, number | null> {
  return Object.fromEntries(status.services.map((service) => [service.name, service.pid]));
}

/** SIGKILLs a daemon and waits until it let go of the lock (its socket refuses, so its files are closed). */
export async function killDaemon(project: TempProject): Promise<number> {
  const [pid, ...others] = daemonPids(project);
  expect(others).toEqual([]);
  if (pid === undefined) throw new Error('no daemon to kill');
  process.kill(pid, 'SIGKILL');
  await eventually(() => fullyGone(pid), (gone) => gone, `the killed daemon ${pid} to be gone`);
  return pid;
}

/**
 * Reaped, or a zombie whose threads have all ended: only then has the kernel closed its files (and
 * freed its lock). A zombie group leader alone is not enough: its other threads may still be exiting.
 */
function fullyGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' && readdirSync(`/proc/${pid}/task`).length <= 1;
  } catch {
    return true;
  }
}

/** Stops everything the project left behind (daemon included), by pid, and removes its folder. */
export function cleanUp(project: TempProject): void {
  for (const pid of daemonPids(project)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  killProject(project.name);
  removeProjectCgroupsSync(project.name);
  project.remove();
}

/** Every service process and the daemon are gone. */
export async function expectNothingLeft(project: TempProject): Promise<void> {
  expect(await waitUntilProjectGone(project.name, 10_000)).toEqual([]);
  await eventually(() => daemonPids(project), (pids) => pids.length === 0, 'the daemon to exit');
}

/**
 * For a test file that makes projects and starts processes of its own ("strangers" holding ports
 * or lock names): after each test, cleans up every project and kills every stranger, asserting they are gone.
 */
export function useProjectsAndStrangers(): { projects: TempProject[]; strangers: Set<number> } {
  const projects: TempProject[] = [];
  const strangers = new Set<number>();
  afterEach(async () => {
    for (const project of projects.splice(0)) cleanUp(project);
    killSurvivors(strangers);
    await expectPidsGone(strangers);
    strangers.clear();
  });
  return { projects, strangers };
}
