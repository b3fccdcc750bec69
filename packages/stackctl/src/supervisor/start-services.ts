// Starts a set of services in dependency order: each spawns once its dependencies meet their conditions.
import type { DependencyCondition } from '../config/types.js';
import { waitForCondition, type ConditionResult } from './conditions.js';
import type { DependencyGraph } from './dependency-graph.js';
import type { StartOutcome } from './engine-handle.js';
import type { ServiceRunner } from './service-runner.js';
import type { EngineEvent } from './types.js';

export interface StartContext {
  readonly graph: DependencyGraph;
  readonly runner: (name: string) => ServiceRunner;
  readonly subscribe: (listener: (event: EngineEvent) => void) => () => void;
}

/**
 * Starts `names` and their transitive dependencies; independent services start in parallel.
 * Resolves when every one of them reached its goal or failed:
 * - `completed` when another service in the set depends on it that way (it must exit 0);
 * - otherwise `healthy`: running, and healthy if it has a check.
 * The deadline for a health check is the check's own: the monitor declares `unhealthy` after the
 * start period plus `retries` failed checks (each bounded by its timeout), and that fails the start
 * with `health check failed: …` — while the process itself keeps running under its restart policy.
 * A process that crashes meanwhile is retried per policy until the crash-loop breaker gives up.
 */
export async function startServices(context: StartContext, names: readonly string[]): Promise<StartOutcome> {
  const { graph, runner } = context;
  const closure = graph.closure(names);
  // A stop still under way finishes first, so the service can be started again cleanly.
  await Promise.all(closure.map((name) => runner(name).settled()));
  const pending = closure.filter((name) => runner(name).idle).map((name) => ({ name, ...runner(name).prepareStart() }));
  for (const { name, ticket, signal } of pending) void launchWhenReady(context, name, ticket, signal);

  const goals = goalsOf(graph, closure);
  const results = await Promise.all(
    closure.map(async (name) => {
      const result = await waitForCondition(runner(name), goals.get(name) ?? 'healthy', context.subscribe);
      return { name, result };
    }),
  );
  return {
    started: results.filter(({ result }) => result.ok).map(({ name }) => name),
    failed: results.flatMap(({ name, result }) => (result.ok ? [] : [{ name, reason: result.reason }])),
  };
}

/** Waits for every dependency's condition, then spawns; the first failing dependency fails the service. */
async function launchWhenReady(
  context: StartContext,
  name: string,
  ticket: number,
  superseded: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  superseded.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
  const waits = [...context.graph.dependenciesOf(name)].map(async ([dep, condition]) => {
    const dependency = context.runner(dep);
    const result: ConditionResult = await waitForCondition(dependency, condition, context.subscribe, controller.signal);
    return result.ok ? null : `dependency ${dep} failed: ${result.reason}`;
  });
  const failure = await firstFailure(waits);
  controller.abort();
  const runner = context.runner(name);
  if (failure === null) runner.launch(ticket);
  else runner.failStart(ticket, failure);
}

/** The first non-null result, or null once all resolved null. */
function firstFailure(checks: ReadonlyArray<Promise<string | null>>): Promise<string | null> {
  return new Promise((resolve) => {
    let pending = checks.length;
    if (pending === 0) resolve(null);
    for (const check of checks) {
      void check.then((failure) => {
        pending -= 1;
        if (failure !== null) resolve(failure);
        else if (pending === 0) resolve(null);
      });
    }
  });
}

function goalsOf(graph: DependencyGraph, closure: readonly string[]): Map<string, DependencyCondition> {
  const goals = new Map<string, DependencyCondition>();
  for (const name of closure) {
    for (const [dep, condition] of graph.dependenciesOf(name)) {
      if (condition === 'completed') goals.set(dep, 'completed');
    }
  }
  return goals;
}
