// Pure parser: the cgroup v2 mounts listed in /proc/self/mountinfo.

/** One cgroup2 mount: where it is mounted, and which cgroup of the hierarchy its root shows. */
export interface Cgroup2Mount {
  /** The folder it is mounted on, such as `/sys/fs/cgroup` or `/sys/fs/cgroup/unified`. */
  readonly mountPoint: string;
  /** The cgroup at the mount's root, as /proc/<pid>/cgroup spells cgroups (`/` for the whole hierarchy). */
  readonly root: string;
}

/**
 * Lines look like `41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`: field 4
 * is the root, field 5 the mount point, then optional fields up to ` - `, then the fs type. Paths
 * escape space, tab, newline and backslash as octal (`\040`). Malformed lines are skipped.
 */
export function parseCgroup2Mounts(mountinfo: string): Cgroup2Mount[] {
  const mounts: Cgroup2Mount[] = [];
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (separator < 0 || fields[separator + 1] !== 'cgroup2') continue;
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined) continue;
    mounts.push({ mountPoint: unescapeOctal(mountPoint), root: unescapeOctal(root) });
  }
  return mounts;
}

function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
