// A throw-away stackctl project for one benchmark: stackctl.yaml, the built CLI run in it, and a teardown that leaves nothing behind.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertGone, daemonPids, killQuietly, pidsOfProject } from './processes.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = path.resolve(HERE, '../..');
export const CLI = path.join(PACKAGE_DIR, 'bin/stackctl.cjs');
export const FIXTURES = path.resolve(HERE, '../fixtures');

/** The environment every CLI run gets: no colours, nothing inherited that changes the output. */
export const CLI_ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_OPTIONS: undefined };

let counter = 0;

/** A JSON-quoted absolute path to a benchmark fixture, safe inside YAML flow lists. */
export function fixture(name) {
  return JSON.stringify(path.join(FIXTURES, name));
}

export class BenchProject {
  /** `services` is the YAML block under `services:`. */
  constructor(tag, services) {
    counter += 1;
    this.dir = mkdtempSync(path.join(os.tmpdir(), `stackctl-bench-${tag}-`));
    this.name = `bench-${tag}-${process.pid}-${counter}`;
    this.logsDir = path.join(this.dir, '.stackctl/logs');
    /** Every pid seen belonging to this project (services, daemons): checked gone at teardown. */
    this.seen = new Set();
    writeFileSync(path.join(this.dir, 'stackctl.yaml'), `name: ${this.name}\nservices:\n${services}`);
  }

  /** Runs the CLI to completion (asynchronously); rejects unless it exits 0. */
  cli(args, { timeoutMs = 60_000, allowFailure = false } = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: this.dir, env: CLI_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0 || allowFailure) resolve({ code, stdout, stderr });
        else reject(new Error(`stackctl ${args.join(' ')} exited ${code ?? signal}\n${stdout}\n${stderr}`));
      });
    });
  }

  /** Runs the CLI synchronously (for timing); returns spawnSync's result. */
  cliSync(args) {
    return spawnSync(process.execPath, [CLI, ...args], { cwd: this.dir, env: CLI_ENV, encoding: 'utf8' });
  }

  async status() {
    const status = JSON.parse((await this.cli(['--json', 'status'])).stdout);
    for (const service of status.services) if (service.pid !== null) this.seen.add(service.pid);
    return status;
  }

  /** The daemon's pid, from `.stackctl/daemon.pid`. */
  daemonPid() {
    const pid = Number(readFileSync(path.join(this.dir, '.stackctl/daemon.pid'), 'utf8').split('\n')[0]);
    this.seen.add(pid);
    return pid;
  }

  /** `stackctl stop` (services, then the daemon), then checks every pid seen and every process of the project is gone. */
  async teardown() {
    for (const pid of pidsOfProject(this.name)) this.seen.add(pid);
    for (const pid of daemonPids(this.dir)) this.seen.add(pid);
    let failure = null;
    try {
      await this.cli(['stop'], { timeoutMs: 30_000 });
    } catch (error) {
      failure = error;
    }
    try {
      await assertGone([...this.seen, ...pidsOfProject(this.name), ...daemonPids(this.dir)], `project ${this.name}`);
    } catch (error) {
      failure ??= error;
    }
    // Belt and braces: nothing of this project may outlive the benchmark.
    for (const pid of [...pidsOfProject(this.name), ...daemonPids(this.dir)]) {
      killQuietly(pid);
      failure ??= new Error(`pid ${pid} of ${this.name} survived the teardown`);
    }
    rmSync(this.dir, { recursive: true, force: true });
    if (failure !== null) throw failure;
  }
}
