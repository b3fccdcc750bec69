// A project's cgroups: `<base>/<project>-<hash of its root>/<service>`, made per run, checked when read back from a record, removed once empty.
import fs from 'node:fs';
import path from 'node:path';
import { locateCgroupBase, type CgroupLocatorSources } from './locate-cgroup.js';
import { ServiceCgroup } from './service-cgroup.js';
import { sha256Hex } from './sha256-hex.js';

/** statfs(2) f_type of a cgroup v2 file system. */
const CGROUP2_SUPER_MAGIC = 0x63677270;

/**
 * The folder name for a project: its name made safe, and 8 hex digits of its root's path, so two
 * projects named alike in different folders never share a cgroup (nor are stopped together).
 */
export function projectCgroupName(project: string, root: string): string {
  return `${safeName(project)}-${shortHash(path.resolve(root), 8)}`;
}

/** The folder name for a service: its name when already safe, else the safe form plus a short hash (so `a.b` and `a_b` differ). */
export function serviceCgroupName(service: string): string {
  const safe = safeName(service);
  return safe === service ? service : `${safe}-${shortHash(service, 6)}`;
}

/**
 * Letters, digits, `-` and `_` only (no `/`, no `.`: every cgroup interface file has a dot, so no
 * name can clash with one), at most 48 characters, never empty.
 */
function safeName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  return safe === '' ? '_' : safe;
}

function shortHash(text: string, length: number): string {
  return sha256Hex(text).slice(0, length);
}

/** The cgroups of one project under a writable base (see locateCgroupBase). */
export class ProjectCgroups {
  /** `<base>/<project>-<hash>` */
  readonly dir: string;

  constructor(
    base: string,
    readonly project: string,
    readonly root: string,
  ) {
    this.dir = path.join(base, projectCgroupName(project, root));
  }

  /** The project's cgroups where this process may make cgroups (see locateCgroupBase); null elsewhere. */
  static locate(project: string, root: string, sources?: CgroupLocatorSources): ProjectCgroups | null {
    const base = locateCgroupBase(sources);
    return base.available ? new ProjectCgroups(base.dir, project, root) : null;
  }

  /** The service's cgroup, made when missing (and its project folder). Throws the file system's error. */
  create(service: string): ServiceCgroup {
    return ServiceCgroup.create(path.join(this.dir, serviceCgroupName(service)));
  }

  /** A recorded cgroup path, if it is this project's cgroup for `service` (see recordedCgroup); null otherwise. */
  open(recorded: string, service: string): ServiceCgroup | null {
    return recordedCgroup(recorded, { project: this.project, root: this.root, service });
  }

  /** Removes the project's folder when no service cgroup is left in it; never fails. */
  cleanUp(): void {
    try {
      fs.rmdirSync(this.dir);
    } catch {
      // Not empty (another service still runs, a survivor), or gone already.
    }
  }
}

/**
 * Trusts a cgroup path read from a run record only when it can be nothing else than this
 * project's cgroup for the service: an absolute path ending in `stackctl/<project>-<hash>/<service>`
 * with the names this project and service get, on a mounted cgroup v2 file system. Its base may
 * differ from ours (another terminal, another login of the same user). A forged path naming any
 * other cgroup — the root one, a system service's — is refused, so it is never killed.
 */
export function recordedCgroup(
  recorded: string,
  expected: { readonly project: string; readonly root: string; readonly service: string },
): ServiceCgroup | null {
  if (!path.isAbsolute(recorded) || path.normalize(recorded) !== recorded) return null;
  const parts = recorded.split('/');
  const [stackctl, project, service] = parts.slice(-3);
  if (stackctl !== 'stackctl' || project !== projectCgroupName(expected.project, expected.root)) return null;
  if (service !== serviceCgroupName(expected.service)) return null;
  try {
    if (fs.statfsSync(recorded).type !== CGROUP2_SUPER_MAGIC) return null;
  } catch {
    return null;
  }
  return new ServiceCgroup(recorded);
}
