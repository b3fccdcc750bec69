// Pure walk of a parent→child relation: the descendants of one process, parents before children.

export interface ProcessLink {
  readonly pid: number;
  readonly ppid: number;
}

/** The PIDs below `root` in breadth-first order; cycles (impossible in a real table) are ignored. */
export function collectDescendants(links: Iterable<ProcessLink>, root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const { pid, ppid } of links) {
    const siblings = childrenOf.get(ppid);
    if (siblings) siblings.push(pid);
    else childrenOf.set(ppid, [pid]);
  }
  const found: number[] = [];
  const seen = new Set<number>([root]);
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of (childrenOf.get(next) ?? []).sort((a, b) => a - b)) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
