// findCycles: one named cycle per strongly connected group, starting from the first-declared service.
import { describe, expect, it } from 'vitest';
import { findCycles } from '../../src/config/dependency-cycles.js';

const graph = (edges: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(findCycles(['a', 'b', 'c'], graph({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('names a two- and a three-service cycle from the first-declared member', () => {
    const edges = graph({ x: ['y'], y: ['x'], a: ['b'], b: ['c'], c: ['a'], d: ['a'] });
    expect(findCycles(['x', 'y', 'a', 'b', 'c', 'd'], edges)).toEqual([
      ['x', 'y', 'x'],
      ['a', 'b', 'c', 'a'],
    ]);
  });

  it('reports the shortest cycle through the first member of a tangled group', () => {
    const edges = graph({ a: ['b', 'c'], b: ['c'], c: ['a'] });
    expect(findCycles(['a', 'b', 'c'], edges)).toEqual([['a', 'c', 'a']]);
  });

  it('handles a long chain without overflowing the stack', () => {
    const names = Array.from({ length: 20_000 }, (_, index) => `s${index}`);
    const edges = new Map(names.map((name, index) => [name, [names[(index + 1) % names.length] ?? 's0']]));
    const [cycle] = findCycles(names, edges);
    expect(cycle?.length).toBe(20_001);
  });
});
