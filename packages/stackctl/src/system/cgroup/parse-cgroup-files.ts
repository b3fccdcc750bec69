// Pure parsers for the cgroup v2 files stackctl reads: /proc/<pid>/cgroup, cgroup.events, cgroup.procs.

/**
 * The process's cgroup v2 path from /proc/<pid>/cgroup: the `0::/path` line (a hybrid system
 * also lists its v1 hierarchies, `4:memory:/…`). Null when there is none (cgroup v1 only).
 */
export function parseUnifiedCgroup(text: string): string | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('0::')) {
      const path = line.slice(3);
      // A process in no cgroup this namespace can see is shown relative to it ("/../…"): not usable.
      return path.startsWith('/') && !path.split('/').includes('..') ? path : null;
    }
  }
  return null;
}

/** `populated 1\nfrozen 0\n` → whether any live process is in the cgroup or below it; null when the key is missing. */
export function parsePopulated(events: string): boolean | null {
  const match = /^populated ([01])$/m.exec(events);
  return match === null ? null : match[1] === '1';
}

/** cgroup.procs: one pid a line, neither sorted nor free of duplicates (the kernel says so) → ascending, unique. */
export function parseProcs(text: string): number[] {
  const pids = new Set<number>();
  for (const line of text.split('\n')) {
    const pid = Number(line);
    if (line !== '' && Number.isInteger(pid) && pid > 0) pids.add(pid);
  }
  return [...pids].sort((a, b) => a - b);
}
