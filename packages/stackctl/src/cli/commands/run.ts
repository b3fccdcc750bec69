// `stackctl run <service>` (and `up --use-ide-terminal`): the service in this terminal's foreground, supervised by the daemon.
import type { ApiClient, ServiceStatusJson } from '../../api/index.js';
import { ensureDaemon } from '../../daemon/ensure-daemon.js';
import { StackctlError } from '../../errors/index.js';
import { ProgressDisplay } from '../../output/start-progress-display.js';
import { DependencyGraph } from '../../supervisor/dependency-graph.js';
import { assertServicesKnown, loadCliContext, type CliContext, type CommandIO } from '../cli-context.js';
import { printFailureLogs, readFailureLogs } from '../failure-logs.js';
import { spawnInForeground } from '../foreground-child.js';
import type { GlobalOptions } from '../global-options.js';
import { progressTargets, runWithProgress } from '../service-progress.js';

export interface RunOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly service: string;
  /**
   * `up --use-ide-terminal <service> [others…]`: the rest of the stack to start in the background
   * once the service runs here (`[]`: every other service). Undefined for `run`: only its dependencies.
   */
  readonly rest?: readonly string[];
}

const LIVE = new Set(['starting', 'running', 'backoff', 'stopping']);

/**
 * Ensures the daemon, starts the service's dependencies in the background and waits for their
 * conditions, then runs the service here (see foreground-child.ts) and registers its pid with the
 * daemon, which health-checks it, shows it in `status` (`managed (attached)`) and stops it on
 * `stop`. Resolves with the service's exit code once it has ended; what runs in the background stays.
 */
export async function runRun(options: RunOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  const { config, palette } = context;
  const name = options.service;
  assertServicesKnown(config, [name, ...(options.rest ?? [])]);
  const service = config.services[name];
  if (service === undefined) throw new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${name}"`);
  const note = (text: string): void => options.stderr(`${palette.dim('stackctl ◆')} ${text}\n`);

  const { client } = await ensureDaemon({ config });
  await takeOver(client, name, note);
  await startDependencies(context, client, options, name);

  const child = await spawnInForeground(service);
  try {
    const tracked = await client.track(name, child.pid);
    note(`${name} runs here (pid ${tracked.service.pid ?? child.pid}), supervised: \`stackctl status\` shows it, Ctrl+C stops only it`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    note(palette.yellow(`could not register ${name} (pid ${child.pid}) with stackctl, so it is not supervised: ${reason}`));
  }
  if (options.rest !== undefined) void startRest(client, config, name, options.rest, note);
  const code = await child.exited;
  note(`${name} exited with code ${code}${options.rest === undefined ? '' : '; the rest of the stack keeps running in the background (`stackctl stop` ends it)'}`);
  return code;
}

/** A background run of the service gives way; one in another terminal, or a process stackctl did not start, does not. */
async function takeOver(client: ApiClient, name: string, note: (text: string) => void): Promise<void> {
  const current = await client.service(name);
  if (!LIVE.has(current.state)) return;
  const pid = current.pid === null ? '' : ` (pid ${current.pid})`;
  if (current.attached) {
    throw new StackctlError('E_ALREADY_RUNNING', `${name} already runs in another terminal${pid}`, {
      hint: `stop it there with Ctrl+C, or with \`stackctl stop ${name}\``,
    });
  }
  if (current.origin === 'external') {
    throw new StackctlError('E_ALREADY_RUNNING', `${name} is a process stackctl did not start${pid}, adopted as the service`, {
      hint: `stop it first with \`stackctl stop ${name}\``,
    });
  }
  note(`${name} was running in the background${pid}: stopping it to run it here`);
  await client.stop([name]);
}

/** Its dependencies, with the progress display of `start`; a failed one ends here with its log. */
async function startDependencies(context: CliContext, client: ApiClient, options: RunOptions, name: string): Promise<void> {
  const { config, palette, paths } = context;
  const graph = new DependencyGraph(config.services);
  const direct = [...graph.dependenciesOf(name).keys()];
  if (direct.length === 0) return;
  const before = await client.services();
  const since = Date.now();
  const display = options.globals.json ? null : new ProgressDisplay({ write: options.stderr, tty: options.isTTY, palette });
  const { answer } = await runWithProgress({
    client,
    targets: progressTargets(config, graph.closure(direct), before),
    display,
    action: () => client.startDependencies(name),
  });
  const failed = answer.outcome?.failed ?? [];
  const [first] = failed;
  if (first === undefined) return;
  printFailureLogs(await readFailureLogs(paths, failed.map((failure) => failure.name), { since }), paths, palette, options.stderr);
  throw new StackctlError('E_START_FAILED', `cannot run ${name}: dependency ${first.name} failed: ${first.reason}`, {
    hint: `fix it, then run \`stackctl run ${name}\` again; \`stackctl logs ${first.name}\` shows more`,
  });
}

/** `up --use-ide-terminal`: the other services in the background; one line when they are up (or not). */
async function startRest(
  client: ApiClient,
  config: CliContext['config'],
  name: string,
  rest: readonly string[],
  note: (text: string) => void,
): Promise<void> {
  const names = rest.length > 0 ? rest : Object.keys(config.services).filter((each) => each !== name);
  if (names.length === 0) return;
  try {
    const answer = await client.start(names);
    const failed = answer.outcome?.failed ?? [];
    const up = answer.services.filter((each: ServiceStatusJson) => each.name !== name && LIVE.has(each.state)).map((each) => each.name);
    if (up.length > 0) note(`in the background: ${up.join(', ')}`);
    for (const failure of failed) note(`${failure.name} failed to start: ${failure.reason} (\`stackctl logs ${failure.name}\`)`);
  } catch (error) {
    note(`starting the rest of the stack failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
