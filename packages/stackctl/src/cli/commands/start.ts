// `stackctl start`: starts services in the background through the daemon (starting it if needed) and shows their progress.
import type { ApiClient, ServiceStatusJson, StatusJson } from '../../api/index.js';
import { ensureDaemon } from '../../daemon/index.js';
import { StackctlError } from '../../errors/index.js';
import { ProgressDisplay } from '../../output/start-progress-display.js';
import type { ProgressEntry } from '../../output/start-progress-model.js';
import { assertServicesKnown, jsonText, loadCliContext, type CliContext, type CommandIO } from '../cli-context.js';
import { printFailureLogs, readFailureLogs } from '../failure-logs.js';
import type { GlobalOptions } from '../global-options.js';
import { progressTargets, runWithProgress, startClosure } from '../service-progress.js';

export interface StartOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  /** False with `--no-wait`: return once the daemon took the request. */
  readonly wait: boolean;
}

/** How long `--no-wait` waits for the daemon to take the request. */
const ACCEPT_TIMEOUT_MS = 10_000;

export async function runStart(options: StartOptions): Promise<number> {
  const { globals } = options;
  const context = await loadCliContext(globals, options);
  assertServicesKnown(context.config, options.services);
  const { client } = await ensureDaemon({ config: context.config });
  const before = await client.services();
  const closure = startClosure(context.config, options.services);
  if (!options.wait) return startWithoutWaiting(context, client, closure, options);

  const display = globals.json ? null : new ProgressDisplay({ write: options.stdout, tty: options.isTTY, palette: context.palette });
  const { answer, entries } = await runWithProgress({
    client,
    targets: progressTargets(context.config, closure, before),
    display,
    action: () => client.start(options.services),
  });
  return reportOutcome(context, options, 'start', entries, answer.services);
}

/** Shared with `restart`: prints the JSON answer or the failed services' logs; throws E_START_FAILED when any failed. */
export async function reportOutcome(
  context: CliContext,
  io: CommandIO & { readonly globals: GlobalOptions },
  verb: 'start' | 'restart',
  entries: readonly ProgressEntry[],
  services: readonly ServiceStatusJson[],
): Promise<number> {
  const failed = entries.filter((entry) => entry.phase === 'failed');
  const logs = await readFailureLogs(context.paths, failed.map((entry) => entry.name));
  if (io.globals.json) {
    io.stdout(
      jsonText({
        project: context.config.project,
        started: entries.filter((entry) => entry.phase === 'done').map((entry) => entry.name),
        failed: failed.map((entry) => ({ name: entry.name, reason: entry.detail, logs: logs.get(entry.name) ?? [] })),
        services,
      }),
    );
  } else {
    printFailureLogs(logs, context.paths, context.palette, io.stdout);
  }
  if (failed.length === 0) return 0;
  const names = failed.map((entry) => entry.name);
  throw new StackctlError('E_START_FAILED', `${failed.length} of ${entries.length} service(s) failed to ${verb}: ${names.join(', ')}`, {
    hint: `fix the cause shown above, then run \`stackctl ${verb}\` again; \`stackctl logs ${names[0] ?? ''}\` shows more`,
  });
}

/**
 * `--no-wait`: sends the start and returns once every service has left its resting state (the
 * daemon took the request), or once the daemon answered already. The request stays in flight until
 * the CLI exits; the daemon finishes the start regardless.
 */
async function startWithoutWaiting(context: CliContext, client: ApiClient, closure: readonly string[], options: StartOptions): Promise<number> {
  const pending = client.start(options.services);
  pending.catch(() => {}); // awaited below when it settles first; otherwise it ends with the process
  const answered = pending.then((answer) => answer.services);
  const accepted = waitUntilAccepted(client, closure);
  const winner = await Promise.race([answered.then((services) => ({ services })), accepted.then((status) => ({ services: status.services }))]);
  const shown = winner.services.filter((service) => closure.includes(service.name));
  if (options.globals.json) {
    options.stdout(jsonText({ project: context.config.project, services: shown }));
  } else {
    options.stdout(`starting ${closure.join(', ')} in the background; see \`stackctl status\` and \`stackctl logs -f\`\n`);
  }
  return 0;
}

const RESTING = new Set(['stopped', 'exited', 'failed']);

async function waitUntilAccepted(client: ApiClient, closure: readonly string[]): Promise<StatusJson> {
  const deadline = Date.now() + ACCEPT_TIMEOUT_MS;
  for (;;) {
    const status = await client.services();
    const resting = status.services.filter((service) => closure.includes(service.name) && RESTING.has(service.state));
    if (resting.length === 0 || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
