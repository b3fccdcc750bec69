// `stackctl restart`: stops and starts services through the daemon; their dependents keep running unless --with-dependents.
import { ensureDaemon, withTransitiveDependents } from '../../daemon/index.js';
import { ProgressDisplay } from '../../output/start-progress-display.js';
import { DependencyGraph } from '../../supervisor/dependency-graph.js';
import { assertServicesKnown, loadCliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { progressTargets, runWithProgress } from '../service-progress.js';
import { reportOutcome } from './start.js';

export interface RestartOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  readonly withDependents: boolean;
}

export async function runRestart(options: RestartOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  const { config } = context;
  assertServicesKnown(config, options.services);
  const { client } = await ensureDaemon({ config });
  const graph = new DependencyGraph(config.services);
  const restarted =
    options.services.length === 0
      ? [...graph.order]
      : options.withDependents
        ? withTransitiveDependents(graph, options.services)
        : graph.order.filter((name) => options.services.includes(name));
  const display = options.globals.json ? null : new ProgressDisplay({ write: options.stdout, tty: options.isTTY, palette: context.palette });
  const { answer, entries } = await runWithProgress({
    client,
    targets: progressTargets(config, restarted, null),
    display,
    action: () => client.restart(options.services, { withDependents: options.withDependents }),
  });
  return reportOutcome(context, options, 'restart', entries, answer.services);
}
