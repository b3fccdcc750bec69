// Unit tests of the dependency graph: start order, stop order, closures, and the defensive checks.
import { describe, expect, it } from 'vitest';
import type { DependencyCondition } from '../../src/config/types.js';
import { DependencyGraph } from '../../src/supervisor/dependency-graph.js';

function graph(spec: Record<string, Record<string, DependencyCondition>>): DependencyGraph {
  return new DependencyGraph(Object.fromEntries(Object.entries(spec).map(([name, dependsOn]) => [name, { dependsOn }])));
}

const stack = graph({
  web: { api: 'healthy' },
  api: { db: 'healthy', migrate: 'completed' },
  migrate: { db: 'healthy' },
  db: {},
  docs: {},
});

describe('DependencyGraph', () => {
  it('orders dependencies before dependents, otherwise keeping config order', () => {
    expect(stack.order).toEqual(['db', 'migrate', 'api', 'web', 'docs']);
  });

  it('stops in reverse order', () => {
    expect(stack.reverseOrder()).toEqual(['docs', 'web', 'api', 'migrate', 'db']);
    expect(stack.reverseOrder(['db', 'api'])).toEqual(['api', 'db']);
  });

  it('closes a start over transitive dependencies', () => {
    expect(stack.closure(['api'])).toEqual(['db', 'migrate', 'api']);
    expect(stack.closure(['docs'])).toEqual(['docs']);
  });

  it('knows dependencies with conditions and dependents', () => {
    expect([...stack.dependenciesOf('api')]).toEqual([
      ['db', 'healthy'],
      ['migrate', 'completed'],
    ]);
    expect(stack.dependentsOf('db')).toEqual(['api', 'migrate']);
  });

  it('rejects a cycle, naming it', () => {
    expect(() => graph({ a: { b: 'started' }, b: { c: 'started' }, c: { a: 'started' } })).toThrow(
      /dependency cycle: a → b → c → a/,
    );
  });

  it('rejects an unknown dependency', () => {
    expect(() => graph({ a: { ghost: 'started' } })).toThrow(expect.objectContaining({ code: 'E_CONFIG_INVALID' }));
  });
});
