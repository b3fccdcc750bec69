// A cgroup v1 freezer for tests: a frozen process cannot die, even of SIGKILL, until thawed — a survivor on demand.
import fs from 'node:fs';
import path from 'node:path';

const FREEZER_ROOT = '/sys/fs/cgroup/freezer';

/** Why a frozen survivor cannot be made here; null when it can (root, a writable v1 freezer). */
export function freezerUnavailable(): string | null {
  if (process.platform !== 'linux') return 'the cgroup freezer is Linux only';
  if (process.getuid?.() !== 0) return 'freezing a process needs root';
  try {
    fs.accessSync(path.join(FREEZER_ROOT, 'cgroup.procs'), fs.constants.W_OK);
    return null;
  } catch {
    return `no writable cgroup v1 freezer at ${FREEZER_ROOT}`;
  }
}

/** One freezer cgroup of the test's own (a unique name): freeze pids, thaw and remove it afterwards. */
export class Freezer {
  readonly dir = path.join(FREEZER_ROOT, `stackctl-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);

  constructor() {
    fs.mkdirSync(this.dir);
  }

  freeze(pid: number): void {
    fs.writeFileSync(path.join(this.dir, 'cgroup.procs'), String(pid));
    fs.writeFileSync(path.join(this.dir, 'freezer.state'), 'FROZEN');
  }

  /** Thaws what it froze: a pending SIGKILL then ends it. */
  thaw(): void {
    fs.writeFileSync(path.join(this.dir, 'freezer.state'), 'THAWED');
  }

  /** Thaws, and removes the cgroup once its processes are gone (the caller ends them). */
  async dispose(): Promise<void> {
    this.thaw();
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        fs.rmdirSync(this.dir);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}
