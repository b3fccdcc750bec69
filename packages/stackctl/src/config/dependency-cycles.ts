// Finds dependency cycles: one per strongly connected group of services, named from its first-declared member.

/**
 * `edges` maps each service to the services it depends on (self-edges and unknown names left out).
 * Returns cycles as name lists that end where they start, e.g. `['api', 'worker', 'api']`, in declaration order.
 */
export function findCycles(order: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  for (const group of stronglyConnected(order, edges)) {
    if (group.size < 2) continue;
    const start = order.find((name) => group.has(name));
    if (start === undefined) continue;
    const cycle = shortestCycle(start, group, edges);
    if (cycle) cycles.push(cycle);
  }
  return cycles;
}

/** Tarjan's algorithm, iterative so a long dependency chain cannot overflow the stack. */
function stronglyConnected(order: readonly string[], edges: ReadonlyMap<string, readonly string[]>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: Set<string>[] = [];
  let counter = 0;

  for (const root of order) {
    if (index.has(root)) continue;
    const work: { name: string; next: number }[] = [{ name: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.name) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ name: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.name, Math.min(low.get(frame.name)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.name, Math.min(low.get(parent.name)!, low.get(frame.name)!));
      if (low.get(frame.name) === index.get(frame.name)) {
        const group = new Set<string>();
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          group.add(member);
        } while (member !== frame.name);
        groups.push(group);
      }
    }
  }
  return groups;
}

/** Breadth-first from `start` inside its group, back to `start`. */
function shortestCycle(
  start: string,
  group: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const target of edges.get(current) ?? []) {
      if (!group.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let step: string | undefined = current; step !== undefined && step !== start; step = previous.get(step)) {
          path.unshift(step);
        }
        return [start, ...path];
      }
      if (!previous.has(target) && target !== start) {
        previous.set(target, current);
        queue.push(target);
      }
    }
  }
  return null;
}
