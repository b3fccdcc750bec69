// Starts a set of services in dependency order: each spawns once its dependencies meet their conditions.
import type { DependencyCondition } from '../config/types.js';
import { waitForCondition, type ConditionResult } from './conditions.js';
import type { Clock } from '../system/clock.js';
import type { DependencyGraph } from './dependency-graph.js';
import type { StartFailure, StartOutcome } from './engine-handle.js';
import type { PortConflictMode, PortDecision } from './port-preflight.js';
import type { ServiceRunner } from './service-runner.js';
import type { EngineEvent } from './types.js';

export interface StartContext {
  readonly graph: DependencyGraph;
  readonly runner: (name: string) => ServiceRunner;
  readonly subscribe: (listener: (event: EngineEvent) => void) => () => void;
  /**
   * Whether a declared port is held by another process, and what to do then (see port-preflight.ts);
   * null when there is nothing to check (no ports, no inspector), so the spawn follows at once.
   */
  readonly checkPorts: (runner: ServiceRunner, mode: PortConflictMode) => Promise<PortDecision> | null;
  /** The port-conflict mode of each service of this start. */
  readonly modeFor: (name: string) => PortConflictMode;
  /** The services this start spawns get FORCE_COLOR=1 (see StartOptions.forceColor). */
  readonly forceColor?: boolean;
  /** Times each `health.start_timeout`. */
  readonly clock: Clock;
}

/**
 * Starts `names` and their transitive dependencies; independent services start in parallel.
 * Resolves when every one of them reached its goal or failed:
 * - `completed` when another service in the set depends on it that way (it must exit 0);
 * - otherwise `healthy`: running, and healthy if it has a check.
 * A service with a health check is waited for until it is healthy, even while `unhealthy` (a
 * first compile can take a while), up to its `health.start_timeout` from its first run: past it the
 * start fails with `unhealthy (…) within 2m (health.start_timeout)` — while the process keeps
 * running under its restart policy. A process that crashes meanwhile is retried per policy; only
 * an end for good (the crash-loop breaker, an exit with no restart due) fails it at once.
 * A dependent waiting on it stays `starting` and says why (`waiting` events).
 * Right before each spawn the declared ports are checked (`checkPorts`): a held port fails the
 * service with `E_PORT_IN_USE`, adopts the holder or replaces it, per `modeFor`.
 * `goals`: conditions a service outside the set puts on some of them (its dependencies, when
 * `EngineHandle.startDependencies` prepares it): they are waited for too.
 */
export async function startServices(
  context: StartContext,
  names: readonly string[],
  goals: ReadonlyMap<string, DependencyCondition> = new Map(),
): Promise<StartOutcome> {
  const { graph, runner } = context;
  const closure = graph.closure(names);
  // A stop still under way finishes first, so the service can be started again cleanly.
  await Promise.all(closure.map((name) => runner(name).settled()));
  const forceColor = context.forceColor === true;
  const pending = closure.filter((name) => runner(name).idle).map((name) => ({ name, ...runner(name).prepareStart({ forceColor }) }));
  for (const { name, ticket, signal } of pending) void launchWhenReady(context, name, ticket, signal);

  const goalOf = goalsOf(graph, closure, goals);
  const results = await Promise.all(
    closure.map(async (name) => {
      const result = await waitForCondition(runner(name), goalOf.get(name) ?? 'healthy', context.subscribe, { clock: context.clock });
      return { name, result };
    }),
  );
  return {
    started: results.filter(({ result }) => result.ok).map(({ name }) => name),
    failed: results.flatMap(({ name, result }): StartFailure[] => {
      if (result.ok) return [];
      const detail = runner(name).state === 'failed' ? runner(name).failureDetail : null;
      return [detail === null ? { name, reason: result.reason } : { name, reason: result.reason, ...detail }];
    }),
  };
}

/** Waits for every dependency's condition, then spawns; the first dependency failing for good fails the service. */
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
    const result: ConditionResult = await waitForCondition(dependency, condition, context.subscribe, {
      signal: controller.signal,
      clock: context.clock,
      onPending: (reason) => context.runner(name).noteWaiting(ticket, dep, `waiting for ${dep}: ${reason}`),
    });
    return result.ok ? null : `dependency ${dep} failed: ${result.reason}`;
  });
  const failure = await firstFailure(waits);
  controller.abort();
  const runner = context.runner(name);
  if (failure !== null) return runner.failStart(ticket, failure, undefined, 'dependency_failed');
  const check = runner.awaitsLaunch(ticket) ? context.checkPorts(runner, context.modeFor(name)) : null;
  const decision = check === null ? ({ kind: 'spawn' } as const) : await check;
  switch (decision.kind) {
    case 'spawn':
      return runner.launch(ticket);
    case 'fail':
      return runner.failStart(ticket, decision.reason, decision.detail);
    case 'adopt':
      return runner.adoptExternal(ticket, decision.holder, decision.fingerprint);
  }
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

function goalsOf(graph: DependencyGraph, closure: readonly string[], extra: ReadonlyMap<string, DependencyCondition>): Map<string, DependencyCondition> {
  // The conditions from outside the set exactly (a dependency needed `started` is not waited on to be healthy).
  const goals = new Map<string, DependencyCondition>(extra);
  for (const name of closure) {
    for (const [dep, condition] of graph.dependenciesOf(name)) {
      if (condition === 'completed') goals.set(dep, 'completed');
    }
  }
  return goals;
}
