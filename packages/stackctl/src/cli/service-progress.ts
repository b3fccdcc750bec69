// Drives the progress of `start` / `restart`: sends the request, polls the host's events until it answers, settles the display.
import type { ApiClient, StartOutcomeJson, StatusJson } from '../api/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { ProgressDisplay } from '../output/start-progress-display.js';
import {
  applyProgressEvents,
  applyProgressOutcome,
  initialProgress,
  type ProgressEntry,
  type ProgressGoal,
  type ProgressTarget,
} from '../output/start-progress-model.js';
import { DependencyGraph } from '../supervisor/dependency-graph.js';

const POLL_MS = 100;
const EVENT_LIMIT = 1000;

/**
 * The services a start of `names` waits for (their dependencies first) and the goal of each, as the
 * engine sees it: `completed` when another of them depends on it that way, else `healthy` with a
 * health check, else `running`. `before` marks those already there (for `start`; null for `restart`).
 */
export function progressTargets(config: ResolvedConfig, services: readonly string[], before: StatusJson | null): ProgressTarget[] {
  const graph = new DependencyGraph(config.services);
  const completed = new Set<string>();
  for (const name of services) {
    for (const [dependency, condition] of graph.dependenciesOf(name)) if (condition === 'completed') completed.add(dependency);
  }
  const current = new Map(before?.services.map((service) => [service.name, service]) ?? []);
  return services.map((name) => {
    const goal: ProgressGoal = completed.has(name) ? 'completed' : config.services[name]?.health ? 'healthy' : 'running';
    const status = current.get(name);
    const already = goal !== 'completed' && status?.state === 'running' && (goal === 'running' || status.health === 'healthy');
    const settleMs = goal === 'running' ? (config.services[name]?.minUptimeMs ?? 0) : 0;
    return { name, goal, already, ...(settleMs > 0 ? { settleMs } : {}) };
  });
}

/** `names` and everything they depend on, in start order (all services when `names` is empty). */
export function startClosure(config: ResolvedConfig, names: readonly string[]): string[] {
  const graph = new DependencyGraph(config.services);
  return names.length === 0 ? [...graph.order] : graph.closure(names);
}

export interface ProgressRun<T> {
  readonly answer: T;
  readonly entries: readonly ProgressEntry[];
}

export async function runWithProgress<T extends { readonly outcome?: StartOutcomeJson }>(options: {
  readonly client: ApiClient;
  readonly targets: readonly ProgressTarget[];
  readonly display: ProgressDisplay | null;
  readonly action: () => Promise<T>;
}): Promise<ProgressRun<T>> {
  const { client, targets, display } = options;
  const startedAt = Date.now();
  const initial = initialProgress(targets);
  let entries: readonly ProgressEntry[] = initial;
  display?.update(entries);
  let answered = false;
  const pending = options.action().finally(() => (answered = true));
  const settledOrTick = (): Promise<unknown> => Promise.race([pending.catch(() => {}), new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
  const refresh = async (): Promise<void> => {
    try {
      const events = await client.events({ since: startedAt, limit: EVENT_LIMIT });
      entries = applyProgressEvents(initial, events, startedAt, Date.now());
    } catch {
      // a missed poll only delays the display
    }
  };
  try {
    while (!answered) {
      await settledOrTick();
      if (answered) break;
      await refresh();
      display?.update(entries);
    }
    const answer = await pending;
    await refresh();
    if (answer.outcome !== undefined) entries = applyProgressOutcome(entries, answer.outcome, Date.now() - startedAt);
    display?.update(entries);
    return { answer, entries };
  } finally {
    display?.stop();
  }
}
