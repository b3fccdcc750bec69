// Test helpers: spawn real Node fixture processes that report one JSON line, and make sure they die.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export interface Spawned<T> {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The first line the fixture printed, parsed as JSON. */
  readonly report: T;
}

/** Runs `node -e script` and waits for its first stdout line (a JSON report). */
export async function spawnNodeScript<T>(
  script: string,
  options: { cwd?: string; detached?: boolean; args?: readonly string[] } = {},
): Promise<Spawned<T>> {
  const child = spawn(process.execPath, ['-e', script, ...(options.args ?? [])], {
    cwd: options.cwd,
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('fixture did not start');
  const lines = createInterface({ input: child.stdout! });
  const report = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fixture printed nothing within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as T);
    });
  });
  return { child, pid, report };
}

/** True once `pid` no longer exists: signal 0 fails with ESRCH. */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * SIGKILLs the PIDs deepest-first (give parents before their children), waiting for each to be
 * reaped before killing its parent, so no orphan zombie is left for an init that may not reap.
 */
export async function killAll(pidsParentsFirst: readonly number[]): Promise<void> {
  for (const pid of [...pidsParentsFirst].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 5_000;
    while (!isGone(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
}

/** A Node script that starts an HTTP server on `host`:0 and prints `{ "port": N }`. */
export const HTTP_SERVER_SCRIPT = `
const host = process.argv[1];
const server = require('node:http').createServer((_req, res) => res.end('ok'));
server.listen(0, host, () => console.log(JSON.stringify({ port: server.address().port })));
`;

const IDLE_SCRIPT = `console.log(JSON.stringify({ pid: process.pid })); setInterval(() => {}, 1e6);`;

/** A Node script that spawns a child which spawns an idle grandchild; prints both PIDs. */
export const TREE_SCRIPT = `
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const middle = ${JSON.stringify(`
const { spawn } = require('node:child_process');
const leaf = spawn(process.execPath, ['-e', ${JSON.stringify(IDLE_SCRIPT)}], { stdio: ['ignore', 'pipe', 'inherit'] });
require('node:readline').createInterface({ input: leaf.stdout }).once('line', () => {
  console.log(JSON.stringify({ grandchild: leaf.pid }));
});
setInterval(() => {}, 1e6);
`)};
const child = spawn(process.execPath, ['-e', middle], { stdio: ['ignore', 'pipe', 'inherit'] });
createInterface({ input: child.stdout }).once('line', (line) => {
  console.log(JSON.stringify({ child: child.pid, grandchild: JSON.parse(line).grandchild }));
});
setInterval(() => {}, 1e6);
`;

export interface ProcessScope {
  /** A temporary working folder (real path), removed after the describe block. */
  readonly workDir: () => string;
  /** Registers PIDs (parents first) to SIGKILL after the current test; each is asserted gone. */
  readonly track: (...pids: number[]) => void;
}

/** Registers the hooks of a describe block that spawns real processes in a temporary folder. */
export function useProcessScope(prefix: string): ProcessScope {
  let spawned: number[] = [];
  let workDir = '';
  beforeAll(() => {
    workDir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  });
  afterEach(async () => {
    const pids = spawned;
    spawned = [];
    await killAll(pids);
    for (const pid of pids) expect(isGone(pid), `pid ${pid} still exists`).toBe(true);
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  return { workDir: () => workDir, track: (...pids) => spawned.push(...pids) };
}
