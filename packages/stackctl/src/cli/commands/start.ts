// `stackctl start`: starts services in the background through the daemon (starting it if needed) and shows their progress.
import type { ApiClient, PortConflictJson, ServiceStatusJson, StartOutcomeJson, StatusJson } from '../../api/index.js';
import { ensureDaemon } from '../../daemon/index.js';
import { StackctlError } from '../../errors/index.js';
import { ProgressDisplay } from '../../output/start-progress-display.js';
import type { ProgressEntry } from '../../output/start-progress-model.js';
import { defaultPortInspector, type PortInspector } from '../../system/ports/index.js';
import { askLine, stdinIsTerminal } from '../ask-line.js';
import { assertServicesKnown, jsonText, loadCliContext, type CliContext, type CommandIO } from '../cli-context.js';
import { printFailureLogs, readFailureLogs } from '../failure-logs.js';
import type { GlobalOptions } from '../global-options.js';
import { confirmReplace, findReplaceTargets, isYes, portInUseError } from '../port-conflicts.js';
import { prepareTerminals, showInTerminals, type TerminalFlags, type TerminalSession } from '../separate-terminals.js';
import { progressTargets, runWithProgress, startClosure } from '../service-progress.js';

export interface StartOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  /** False with `--no-wait`: return once the daemon took the request. */
  readonly wait: boolean;
  /** `--adopt` / `--replace`: what to do with a process stackctl did not start holding a declared port. Default `fail`. */
  readonly portConflict?: PortConflictJson;
  /** `--yes`: `--replace` stops the holders without asking. */
  readonly yes?: boolean;
  /** Asks a yes/no question (default: on the terminal, when stdin is one); tests pass their own. */
  readonly confirm?: { readonly canAsk: boolean; readonly ask: (question: string) => Promise<boolean> };
  /** Finds the holders `--replace` asks about; default: this OS's inspector. */
  readonly portInspector?: PortInspector | null;
  /** `--separate-terminals` (with `--terminal`, `--tmux-socket`): a tab per started service, following its output. */
  readonly terminals?: TerminalFlags;
}

/** How long `--no-wait` waits for the daemon to take the request. */
const ACCEPT_TIMEOUT_MS = 10_000;

export async function runStart(options: StartOptions): Promise<number> {
  const { globals } = options;
  const context = await loadCliContext(globals, options);
  assertServicesKnown(context.config, options.services);
  // Before anything starts: an unknown --terminal is a usage error.
  const terminals = prepareTerminals(options.terminals ?? { separateTerminals: false });
  const { client } = await ensureDaemon({ config: context.config });
  const before = await client.services();
  const portConflict = options.portConflict ?? 'fail';
  if (portConflict === 'replace') await confirmReplacing(context, options, before);
  const closure = startClosure(context.config, options.services);
  const startedAt = Date.now();
  const request = { ...(portConflict === 'fail' ? {} : { portConflict }), ...(terminals === null ? {} : { forceColor: true }) };
  if (!options.wait) {
    const code = await startWithoutWaiting(context, client, closure, options, request);
    const opened = terminals === null || showServices(terminals, context, options, closure);
    return opened ? code : followHere(context, options, closure, startedAt, code);
  }

  const display = globals.json ? null : new ProgressDisplay({ write: options.stdout, tty: options.isTTY, palette: context.palette });
  const { answer, entries } = await runWithProgress({
    client,
    targets: progressTargets(context.config, closure, before),
    display,
    action: () => client.start(options.services, request),
  });
  // Failed services get their tab too: it shows why.
  const opened = terminals === null || showServices(terminals, context, options, closure);
  const code = await reportOutcome(context, options, 'start', startedAt, entries, answer.services, answer.outcome);
  return opened ? code : followHere(context, options, closure, startedAt, code);
}

/** `--separate-terminals`: a tab per service following its log (messages on stderr with --json); false when none opened. */
export function showServices(session: TerminalSession, context: CliContext, io: CommandIO & { readonly globals: GlobalOptions }, services: readonly string[]): boolean {
  return showInTerminals(session, context.config, services, { write: io.globals.json ? io.stderr : io.stdout, palette: context.palette });
}

/** No terminal could be opened: `logs -f` of the services since `since`, here, until Ctrl+C (not with --json); the services keep running. */
export async function followHere(
  context: CliContext,
  io: CommandIO & { readonly globals: GlobalOptions },
  services: readonly string[],
  since: number,
  code: number,
): Promise<number> {
  if (io.globals.json) return code;
  io.stdout(`${context.palette.dim('following their output here; Ctrl+C stops following, the services keep running')}\n`);
  const { runLogs } = await import('./logs.js');
  await runLogs({ ...io, services, follow: true, since: new Date(since).toISOString(), timestamps: false });
  return code;
}

/** The CLI runs on the stack's machine: it finds the holders itself and asks before the daemon stops them. */
async function confirmReplacing(context: CliContext, options: StartOptions, before: StatusJson): Promise<void> {
  const inspector = options.portInspector === undefined ? defaultPortInspector() : options.portInspector;
  if (inspector === null) return;
  const targets = await findReplaceTargets(context.config, options.services, before, inspector);
  const confirm = options.confirm ?? {
    canAsk: stdinIsTerminal(),
    ask: async (question: string) => isYes(await askLine(question, options.stderr)),
  };
  await confirmReplace(targets, { yes: options.yes === true, services: options.services, ...confirm });
}

/**
 * Shared with `restart`: prints the JSON answer or the failed services' logs (their lines since
 * `since`, when the request was sent); throws E_PORT_IN_USE when a held port refused a service
 * (naming the holder), else E_START_FAILED when any failed.
 */
export async function reportOutcome(
  context: CliContext,
  io: CommandIO & { readonly globals: GlobalOptions },
  verb: 'start' | 'restart',
  since: number,
  entries: readonly ProgressEntry[],
  services: readonly ServiceStatusJson[],
  outcome?: StartOutcomeJson,
): Promise<number> {
  const failed = entries.filter((entry) => entry.phase === 'failed');
  const logs = await readFailureLogs(context.paths, failed.map((entry) => entry.name), { since });
  const detailOf = new Map(outcome?.failed.map((failure) => [failure.name, failure]) ?? []);
  if (io.globals.json) {
    io.stdout(
      jsonText({
        project: context.config.project,
        started: entries.filter((entry) => entry.phase === 'done').map((entry) => entry.name),
        failed: failed.map((entry) => {
          const { code, holder } = detailOf.get(entry.name) ?? {};
          return { name: entry.name, reason: entry.detail, ...(code === undefined ? {} : { code }), ...(holder === undefined ? {} : { holder }), logs: logs.get(entry.name) ?? [] };
        }),
        services,
      }),
    );
  } else {
    printFailureLogs(logs, context.paths, context.palette, io.stdout);
  }
  if (failed.length === 0) return 0;
  const portError = portInUseError(outcome?.failed);
  if (portError !== null) throw portError;
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
async function startWithoutWaiting(
  context: CliContext,
  client: ApiClient,
  closure: readonly string[],
  options: StartOptions,
  request: { readonly portConflict?: PortConflictJson; readonly forceColor?: boolean },
): Promise<number> {
  const pending = client.start(options.services, request);
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
