// `stackctl status`: the services as an aligned table (a pure function of the `status --json` shape).
import type { ServiceStatusJson, StatusJson } from '../api/index.js';
import { shortCommand } from '../supervisor/describe-holder.js';
import type { Palette, Style } from './colors.js';
import { describeLogLoss } from './describe-log-loss.js';
import { formatCpu, formatMemory, formatUptime, UNKNOWN } from './format-figures.js';

interface Column {
  readonly title: string;
  readonly cell: (service: ServiceStatusJson) => string;
  /** Colours the cell after padding (so escape codes never break the alignment). */
  readonly style?: (service: ServiceStatusJson, palette: Palette) => Style;
  readonly align?: 'right';
}

const COLUMNS: readonly Column[] = [
  { title: 'NAME', cell: (s) => s.name, style: (_s, p) => p.bold },
  { title: 'STATE', cell: (s) => s.state, style: (s, p) => stateStyle(s.state, p) },
  { title: 'HEALTH', cell: (s) => (s.health === 'none' ? UNKNOWN : s.health), style: (s, p) => healthStyle(s.health, p) },
  { title: 'PID', cell: (s) => (s.pid === null ? UNKNOWN : String(s.pid)), align: 'right' },
  { title: 'PORTS', cell: (s) => (s.ports.length === 0 ? UNKNOWN : s.ports.join(',')) },
  { title: 'UPTIME', cell: (s) => formatUptime(s.uptime_ms), align: 'right' },
  { title: 'RESTARTS', cell: (s) => String(s.restarts), align: 'right' },
  { title: 'CPU', cell: (s) => formatCpu(s.cpu_percent), align: 'right' },
  { title: 'MEMORY', cell: (s) => formatMemory(s.memory_bytes), align: 'right' },
  { title: 'ORIGIN', cell: originCell, style: (s, p) => (s.origin === 'external' ? p.yellow : (text) => text) },
];

/** How long an external holder's command may get in the ORIGIN column. */
const ORIGIN_COMMAND_LENGTH = 40;

/**
 * `managed`, `managed (attached)` for a service running in a user's terminal (`stackctl run`), or
 * `external (node server.js)`: the process holding the port that stackctl did not start —
 * `external (service web of stackctl project shop)` when it is another project's service.
 */
function originCell(service: ServiceStatusJson): string {
  // `=== true`: a host of an earlier version does not send the field.
  if (service.origin === 'managed' && service.attached === true) return 'managed (attached)';
  if (service.origin !== 'external' || service.external === null) return service.origin;
  const owner = service.external.stackctl;
  if (owner !== undefined && owner !== null) return `external (service ${owner.service} of stackctl project ${owner.project})`;
  return `external (${shortCommand(service.external.command, { cwd: service.external.cwd, max: ORIGIN_COMMAND_LENGTH })})`;
}

/**
 * The table, one line per service under a header, each line ending in `\n`; columns two spaces
 * apart. Under it, a warning line per service whose log file did not take every line.
 */
export function formatStatusTable(status: StatusJson, palette: Palette): string {
  if (status.services.length === 0) return `project ${status.project} has no services\n`;
  const rows = status.services.map((service) => COLUMNS.map((column) => column.cell(service)));
  const widths = COLUMNS.map((column, index) => Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const last = COLUMNS.length - 1;
  const pad = (text: string, index: number): string => {
    const width = widths[index] ?? text.length;
    if (COLUMNS[index]?.align === 'right') return text.padStart(width);
    return index === last ? text : text.padEnd(width);
  };
  const join = (cells: string[]): string => `${cells.join('  ')}\n`;
  const header = join(COLUMNS.map((column, index) => palette.dim(pad(column.title, index))));
  const lines = status.services.map((service, row) =>
    join(
      COLUMNS.map((column, index) => {
        const text = pad(rows[row]?.[index] ?? '', index);
        return column.style === undefined ? text : column.style(service, palette)(text);
      }),
    ),
  );
  return header + lines.join('') + logLossLines(status.services, palette);
}

/** `api: 4875 lines not saved (disk full) since 12:03:11` (`between … and …` once writes work again). */
function logLossLines(services: readonly ServiceStatusJson[], palette: Palette): string {
  // `?? null`: a host of an earlier version does not send the field.
  const lost = services.flatMap((service) => {
    const loss = service.log_loss ?? null;
    return loss === null ? [] : [`${service.name}: ${describeLogLoss(loss, loss.ongoing)}`];
  });
  return lost.map((line) => `${palette.yellow(line)}\n`).join('');
}

function stateStyle(state: ServiceStatusJson['state'], palette: Palette): Style {
  switch (state) {
    case 'running':
      return palette.green;
    case 'failed':
      return palette.red;
    case 'starting':
    case 'stopping':
    case 'backoff':
      return palette.yellow;
    default:
      return palette.dim;
  }
}

function healthStyle(health: ServiceStatusJson['health'], palette: Palette): Style {
  if (health === 'healthy') return palette.green;
  if (health === 'unhealthy') return palette.red;
  if (health === 'starting') return palette.yellow;
  return palette.dim;
}
