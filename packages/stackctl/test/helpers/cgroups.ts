// Cgroups for tests: a writable base (or why not, for skipIf), a project of its own per test, and removal of whatever a test left.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateCgroupBase, ProjectCgroups, projectCgroupName, ServiceCgroup } from '../../src/system/cgroup/index.js';
import { waitFor } from './wait-for.js';

const base = locateCgroupBase();

/** Why cgroup tests are skipped here (no cgroup v2, not writable, not Linux); null when they run. */
export const CGROUPS_UNAVAILABLE: string | null = base.available ? null : base.reason;

/** The cgroups of a project unique to this call (its root a fresh temp folder path); `removeAll` after the test. */
export class TestCgroups {
  readonly #created: ProjectCgroups[] = [];

  create(project = 'cgtest'): ProjectCgroups {
    if (!base.available) throw new Error(`no cgroups here: ${base.reason}`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-cg-'));
    const cgroups = new ProjectCgroups(base.dir, project, root);
    this.#created.push(cgroups);
    return cgroups;
  }

  /** Kills what is left in each project's service cgroups, removes them and the project folder; throws when one cannot be removed. */
  async removeAll(): Promise<void> {
    for (const cgroups of this.#created.splice(0)) {
      for (const service of serviceDirs(cgroups.dir)) {
        const cgroup = new ServiceCgroup(service);
        cgroup.kill();
        await waitFor(() => !cgroup.populated(), { message: `cgroup ${service} to be empty` });
        fs.rmdirSync(service);
      }
      if (fs.existsSync(cgroups.dir)) fs.rmdirSync(cgroups.dir);
      fs.rmSync(cgroups.root, { recursive: true, force: true });
    }
  }
}

/** The service cgroup folders in a project's folder (none when it is gone). */
export function serviceDirs(projectDir: string): string[] {
  try {
    return fs
      .readdirSync(projectDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(projectDir, entry.name));
  } catch {
    return [];
  }
}

/** The cgroup v2 path of a live process, from /proc/<pid>/cgroup; null when gone. */
export function cgroupOf(pid: number): string | null {
  try {
    return /^0::(.*)$/m.exec(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * After an end-to-end test that may have SIGKILLed its daemon and services (so no host removed
 * their cgroups): removes the cgroups of the project named `project` — a name unique to the test
 * run — killing what is still in them. Nothing to do without cgroups.
 */
export function removeProjectCgroupsSync(project: string): void {
  if (!base.available || !fs.existsSync(base.dir)) return;
  // The folder is `<safe name>-<hash of the root>`: the name part, with any root.
  const prefix = projectCgroupName(project, '/').replace(/[^-]+$/, '');
  for (const entry of fs.readdirSync(base.dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(prefix)) continue;
    const projectDir = path.join(base.dir, entry.name);
    for (const service of serviceDirs(projectDir)) {
      const cgroup = new ServiceCgroup(service);
      cgroup.kill();
      const deadline = Date.now() + 2000;
      while (cgroup.populated() && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      fs.rmdirSync(service);
    }
    fs.rmdirSync(projectDir);
  }
}
