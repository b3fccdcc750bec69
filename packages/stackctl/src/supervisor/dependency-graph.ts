// The services' dependency graph: start order, stop order, the closure of a start and who depends on whom.
import type { DependencyCondition, ResolvedService } from '../config/types.js';
import { StackctlError } from '../errors/index.js';

export class DependencyGraph {
  /** Every service, dependencies before dependents; ties keep config order. */
  readonly order: readonly string[];
  readonly #deps: ReadonlyMap<string, ReadonlyMap<string, DependencyCondition>>;
  readonly #dependents: ReadonlyMap<string, readonly string[]>;

  /** Throws E_CONFIG_INVALID for an unknown dependency or a cycle (the config layer rejects both first). */
  constructor(services: Readonly<Record<string, Pick<ResolvedService, 'dependsOn'>>>) {
    const deps = new Map<string, ReadonlyMap<string, DependencyCondition>>();
    const dependents = new Map<string, string[]>(Object.keys(services).map((name) => [name, []]));
    for (const [name, service] of Object.entries(services)) {
      deps.set(name, new Map(Object.entries(service.dependsOn)));
      for (const dep of Object.keys(service.dependsOn)) {
        const list = dependents.get(dep);
        if (list === undefined) {
          throw new StackctlError('E_CONFIG_INVALID', `service "${name}" depends on unknown service "${dep}"`);
        }
        list.push(name);
      }
    }
    this.#deps = deps;
    this.#dependents = dependents;
    this.order = topologicalOrder([...deps.keys()], (name) => [...(deps.get(name)?.keys() ?? [])]);
  }

  /** The direct dependencies of `name` and the condition each must reach. */
  dependenciesOf(name: string): ReadonlyMap<string, DependencyCondition> {
    return this.#deps.get(name) ?? new Map();
  }

  /** The services that depend directly on `name`. */
  dependentsOf(name: string): readonly string[] {
    return this.#dependents.get(name) ?? [];
  }

  /** `names` and everything they depend on, transitively, in start order. */
  closure(names: readonly string[]): string[] {
    const wanted = new Set<string>();
    const visit = (name: string): void => {
      if (wanted.has(name)) return;
      wanted.add(name);
      for (const dep of this.dependenciesOf(name).keys()) visit(dep);
    };
    names.forEach(visit);
    return this.order.filter((name) => wanted.has(name));
  }

  /** Stop order: dependents before their dependencies. */
  reverseOrder(names: readonly string[] = this.order): string[] {
    const wanted = new Set(names);
    return this.order.filter((name) => wanted.has(name)).reverse();
  }
}

/** Depth-first topological order; throws E_CONFIG_INVALID naming the cycle if there is one. */
function topologicalOrder(names: readonly string[], depsOf: (name: string) => readonly string[]): string[] {
  const done = new Set<string>();
  const path: string[] = [];
  const order: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const index = path.indexOf(name);
    if (index !== -1) {
      const cycle = [...path.slice(index), name].join(' → ');
      throw new StackctlError('E_CONFIG_INVALID', `dependency cycle: ${cycle}`);
    }
    path.push(name);
    for (const dep of depsOf(name)) visit(dep);
    path.pop();
    done.add(name);
    order.push(name);
  };
  names.forEach(visit);
  return order;
}
