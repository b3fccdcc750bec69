// `stackctl logs`: services' output from their log files, merged in time order with `up`'s prefixes; `-f` follows.
import { createApiClient, type StatusJson } from '../../api/index.js';
import { probeHost, streamStackLogs } from '../../daemon/index.js';
import { StackctlError } from '../../errors/index.js';
import { parseGapMarker } from '../../logs/log-gap-marker.js';
import { describeGap, describeLogLoss } from '../../output/describe-log-loss.js';
import { JsonLinePrinter } from '../../output/json-line-printer.js';
import { StackPrinter } from '../../output/stack-printer.js';
import type { OutputLine } from '../../supervisor/types.js';
import { assertServicesKnown, loadCliContext, type CliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { parseSince } from '../parse-since.js';

export interface LogsOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  readonly follow: boolean;
  /** `-n`: undefined means 100, or every line since `--since` when that is given. */
  readonly lines?: string;
  readonly since?: string;
  readonly grep?: string;
  readonly timestamps: boolean;
}

export const DEFAULT_LOG_LINES = 100;

/**
 * Reads the files directly: no daemon is needed, and none is started. A gap in a log — lines its
 * writer could not save (the marker it wrote once it could again), or lines rotated away before a
 * follower read them — is shown as a `◆` line and told on stderr; so are lines a running host is
 * failing to save right now (not in the file yet, so no marker either).
 */
export async function runLogs(options: LogsOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  assertServicesKnown(context.config, options.services);
  const all = Object.keys(context.config.services);
  const services = options.services.length === 0 ? all : all.filter((name) => options.services.includes(name));
  const since = options.since === undefined ? undefined : parseSince(options.since, Date.now());
  const lines = parseLineCount(options.lines) ?? (since === undefined ? DEFAULT_LOG_LINES : undefined);
  const grep = options.grep === undefined ? undefined : parsePattern(options.grep);
  const printer = options.globals.json
    ? new JsonLinePrinter(options.stdout)
    : new StackPrinter({ services, palette: context.palette, timestamps: options.timestamps, write: options.stdout });

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  if (options.follow) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const show = (line: OutputLine): void => {
    const gap = line.stream === 'stderr' ? parseGapMarker(line.line) : null;
    if (gap === null) {
      printer.line(line);
      return;
    }
    const text = describeGap(gap);
    if (printer instanceof JsonLinePrinter) printer.gap(line.service, line.time, gap);
    else printer.serviceNote(line.service, line.time, text);
    printer.flush();
    options.stderr(`warning: ${line.service}'s log has a gap: ${text}\n`);
  };
  try {
    await warnOfOngoingLoss(context, services, options);
    const stream = { lines, since, grep, follow: options.follow, signal: stop.signal };
    await streamStackLogs(context.paths.logsDir, services, stream, show);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    printer.flush();
  }
  return 0;
}

/** When a host runs and a service's log writes fail now, says so: those lines are in no file yet. */
async function warnOfOngoingLoss(context: CliContext, services: readonly string[], io: CommandIO): Promise<void> {
  let status: StatusJson;
  try {
    if ((await probeHost(context.paths)) === null) return;
    status = await createApiClient(context.paths.socket).services();
  } catch {
    return; // no host to ask: the files say all there is
  }
  for (const service of status.services) {
    const loss = service.log_loss ?? null;
    if (loss === null || !loss.ongoing || !services.includes(service.name)) continue;
    io.stderr(`warning: ${service.name}: ${describeLogLoss(loss, true)}; its log is missing them\n`);
  }
}

function parseLineCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) {
    throw new StackctlError('E_USAGE', `invalid -n ${JSON.stringify(text)}: must be a whole number of lines`, { hint: 'for example -n 50' });
  }
  return Number(text);
}

function parsePattern(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    throw new StackctlError('E_USAGE', `invalid --grep pattern ${JSON.stringify(text)}: ${(error as Error).message}`, {
      cause: error,
      hint: 'it is a JavaScript regular expression; quote it for your shell',
    });
  }
}
