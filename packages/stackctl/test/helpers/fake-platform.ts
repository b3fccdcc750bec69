// A scripted Platform (and process table) for unit tests: children are objects the test makes exit, signals are recorded.
import { PassThrough } from 'node:stream';
import { StackctlError } from '../../src/errors/index.js';
import type { AttachTarget, ChildHandle, ExitStatus, Platform, SpawnSpec } from '../../src/system/platform.js';
import type { ProcessInfo, ProcessTable } from '../../src/system/process-table/index.js';

export class FakeChild implements ChildHandle {
  /** Replaced by fresh streams when a host attaches after another one let go (as reopened FIFOs are). */
  stdout = new PassThrough();
  stderr = new PassThrough();
  readonly exited: Promise<ExitStatus>;
  readonly signals: NodeJS.Signals[] = [];
  /** When true, the polite stop signal is ignored (only SIGKILL ends it). */
  ignoreStopSignal = false;
  alive = true;
  /** What the fake process table reports: change `startTime` to make the PID look reused. */
  startTime: number;
  command: string;
  /** Its process group and parent, as the fake process table reports them (a group leader of its own, by default). */
  pgid: number;
  ppid = 1;
  cwd: string | null = null;
  /** Signals sent to this one process (`signalProcess`), not to its group. */
  readonly processSignals: NodeJS.Signals[] = [];
  /** Set once the engine attached to it (adoption). */
  attachTarget: AttachTarget | null = null;
  released = false;
  #resolve: (status: ExitStatus) => void = () => {};

  constructor(
    readonly pid: number,
    readonly spec: SpawnSpec,
  ) {
    this.exited = new Promise((resolve) => (this.#resolve = resolve));
    this.startTime = pid * 10;
    this.pgid = pid;
    this.command = typeof spec.command === 'string' ? spec.command : spec.command.join(' ');
  }

  release(): void {
    this.released = true;
  }

  /** Ends the process: closes its output and settles `exited`. */
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (!this.alive) return;
    this.alive = false;
    this.stdout.end();
    this.stderr.end();
    this.#resolve({ code, signal });
  }
}

export class FakePlatform implements Platform {
  readonly children: FakeChild[] = [];
  /** Set to make the next spawns throw E_SPAWN_FAILED. */
  spawnError: string | null = null;
  /** Applied to every new child (e.g. to make it ignore SIGTERM). */
  configure: (child: FakeChild) => void = () => {};
  #nextPid = 1000;
  /** The process table of this fake world: every live child, with its `startTime` and `command`. */
  readonly table: ProcessTable = new FakeProcessTable(this);

  spawn(spec: SpawnSpec): ChildHandle {
    if (this.spawnError !== null) throw new StackctlError('E_SPAWN_FAILED', this.spawnError);
    const child = new FakeChild(this.#nextPid++, spec);
    this.configure(child);
    this.children.push(child);
    return child;
  }

  /** A live process no engine here spawned (left by an earlier host); `attach` finds it by pid. */
  addProcess(command: string): FakeChild {
    const child = new FakeChild(this.#nextPid++, { command, cwd: '/', env: {} });
    this.children.push(child);
    return child;
  }

  attach(target: AttachTarget): ChildHandle {
    const found = this.children.find((each) => each.pid === target.pid);
    const child = found ?? new FakeChild(target.pid, { command: 'gone', cwd: '/', env: {} });
    if (found === undefined) child.exit(null);
    if (child.stdout.destroyed) child.stdout = new PassThrough();
    if (child.stderr.destroyed) child.stderr = new PassThrough();
    child.attachTarget = target;
    return child;
  }

  signalGroup(pid: number, signal: NodeJS.Signals): boolean {
    const members = this.children.filter((each) => each.pgid === pid && each.alive);
    if (members.length === 0) return false;
    for (const child of members) {
      child.signals.push(signal);
      if (signal === 'SIGKILL' || !child.ignoreStopSignal) child.exit(null, signal);
    }
    return true;
  }

  signalProcess(pid: number, signal: NodeJS.Signals): boolean {
    const child = this.children.find((each) => each.pid === pid && each.alive);
    if (child === undefined) return false;
    child.processSignals.push(signal);
    if (signal === 'SIGKILL' || !child.ignoreStopSignal) child.exit(null, signal);
    return true;
  }

  groupAlive(pid: number): boolean {
    return this.children.some((each) => each.pgid === pid && each.alive);
  }

  /** The latest child spawned for a command (tests give each service a distinct command). */
  latest(command: string): FakeChild {
    const found = this.children.filter((each) => each.spec.command === command).at(-1);
    if (found === undefined) throw new Error(`nothing spawned for ${command}`);
    return found;
  }

  spawnCount(command: string): number {
    return this.children.filter((each) => each.spec.command === command).length;
  }
}

/** Reports the FakePlatform's live children as processes, each its own group leader. */
class FakeProcessTable implements ProcessTable {
  constructor(private readonly platform: FakePlatform) {}

  info(pid: number): ProcessInfo | null {
    const child = this.platform.children.find((each) => each.pid === pid && each.alive);
    if (child === undefined) return null;
    return {
      pid,
      ppid: child.ppid,
      pgid: child.pgid,
      state: 'S',
      startTime: child.startTime,
      startedAt: child.startTime,
      name: 'fake',
      argv: child.command.split(' '),
      command: child.command,
      cwd: child.cwd,
      rssBytes: 0,
      cpuTimeMs: 0,
      cpuUserMs: null,
      cpuSystemMs: null,
    };
  }

  children(pid: number): number[] {
    return this.#live().filter((each) => each.ppid === pid).map((each) => each.pid);
  }

  descendants(pid: number): number[] {
    const found: number[] = [];
    for (let queue = [pid], next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const child of this.children(next)) {
        found.push(child);
        queue.push(child);
      }
    }
    return found;
  }

  groupMembers(pgid: number): number[] {
    return this.#live().filter((each) => each.pgid === pgid).map((each) => each.pid);
  }

  #live(): FakeChild[] {
    return this.platform.children.filter((each) => each.alive);
  }
}
