// Merges several services' lines into one time-ordered list: a stable k-way merge over a small heap.
import type { OutputLine } from '../supervisor/types.js';

/**
 * Each source is one service's lines in time order (as `readLog` returns them). The result holds
 * every line once, ordered by time; lines with equal times keep their order within their source,
 * and across sources come in source order. A source that is not sorted still has its own order
 * kept (the merge only ever takes a source's next line), the whole is then sorted as far as that
 * allows. O(n log k) for n lines from k sources.
 */
export function mergeLogs(sources: readonly (readonly OutputLine[])[]): OutputLine[] {
  const cursors = sources.map(() => 0);
  const total = sources.reduce((sum, source) => sum + source.length, 0);
  const merged: OutputLine[] = [];

  const head = (source: number): OutputLine => sources[source]![cursors[source]!]!;
  /** True when `a`'s next line goes before `b`'s. */
  const before = (a: number, b: number): boolean => {
    const ta = head(a).time;
    const tb = head(b).time;
    return ta < tb || (ta === tb && a < b);
  };

  // A binary min-heap of the indices of the sources that still have lines.
  const heap: number[] = [];
  const siftDown = (start: number): void => {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === at) return;
      [heap[at], heap[smallest]] = [heap[smallest]!, heap[at]!];
      at = smallest;
    }
  };
  sources.forEach((source, index) => {
    if (source.length > 0) heap.push(index);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);

  while (merged.length < total) {
    const source = heap[0]!;
    merged.push(head(source));
    const next = cursors[source]! + 1;
    cursors[source] = next;
    if (next >= sources[source]!.length) {
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    siftDown(0);
  }
  return merged;
}
