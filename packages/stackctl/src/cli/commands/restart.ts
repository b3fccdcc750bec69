// `stackctl restart`: stops and starts services through the daemon; their dependents keep running unless --with-dependents.
import { ensureDaemon, withTransitiveDependents } from '../../daemon/index.js';
import { ProgressDisplay } from '../../output/start-progress-display.js';
import { DependencyGraph } from '../../supervisor/dependency-graph.js';
import { assertServicesKnown, loadCliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { prepareTerminals, type TerminalFlags } from '../separate-terminals.js';
import { progressTargets, runWithProgress } from '../service-progress.js';
import { followHere, reportOutcome, showServices } from './start.js';

export interface RestartOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  readonly withDependents: boolean;
  /** `--separate-terminals` (with `--terminal`, `--tmux-socket`): a tab per restarted service, following its output. */
  readonly terminals?: TerminalFlags;
}

export async function runRestart(options: RestartOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  const { config } = context;
  assertServicesKnown(config, options.services);
  const terminals = prepareTerminals(options.terminals ?? { separateTerminals: false });
  const { client } = await ensureDaemon({ config });
  const graph = new DependencyGraph(config.services);
  const restarted =
    options.services.length === 0
      ? [...graph.order]
      : options.withDependents
        ? withTransitiveDependents(graph, options.services)
        : graph.order.filter((name) => options.services.includes(name));
  const startedAt = Date.now();
  const display = options.globals.json ? null : new ProgressDisplay({ write: options.stdout, tty: options.isTTY, palette: context.palette });
  const { answer, entries } = await runWithProgress({
    client,
    targets: progressTargets(config, restarted, null),
    display,
    action: () => client.restart(options.services, { withDependents: options.withDependents, ...(terminals === null ? {} : { forceColor: true }) }),
  });
  const opened = terminals === null || showServices(terminals, context, options, restarted);
  const code = await reportOutcome(context, options, 'restart', startedAt, entries, answer.services, answer.outcome);
  return opened ? code : followHere(context, options, restarted, startedAt, code);
}
