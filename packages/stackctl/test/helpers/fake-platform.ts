// A scripted Platform for unit tests: children are objects the test makes exit, signals are recorded.
import { PassThrough } from 'node:stream';
import { StackctlError } from '../../src/errors/index.js';
import type { ChildHandle, ExitStatus, Platform, SpawnSpec } from '../../src/system/platform.js';

export class FakeChild implements ChildHandle {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly exited: Promise<ExitStatus>;
  readonly signals: NodeJS.Signals[] = [];
  /** When true, the polite stop signal is ignored (only SIGKILL ends it). */
  ignoreStopSignal = false;
  alive = true;
  #resolve: (status: ExitStatus) => void = () => {};

  constructor(
    readonly pid: number,
    readonly spec: SpawnSpec,
  ) {
    this.exited = new Promise((resolve) => (this.#resolve = resolve));
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

  spawn(spec: SpawnSpec): ChildHandle {
    if (this.spawnError !== null) throw new StackctlError('E_SPAWN_FAILED', this.spawnError);
    const child = new FakeChild(this.#nextPid++, spec);
    this.configure(child);
    this.children.push(child);
    return child;
  }

  signalGroup(pid: number, signal: NodeJS.Signals): boolean {
    const child = this.children.find((each) => each.pid === pid);
    if (child === undefined || !child.alive) return false;
    child.signals.push(signal);
    if (signal === 'SIGKILL' || !child.ignoreStopSignal) child.exit(null, signal);
    return true;
  }

  groupAlive(pid: number): boolean {
    return this.children.some((each) => each.pid === pid && each.alive);
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
