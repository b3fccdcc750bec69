// systemd user units: one `stackctl-<project>-<service>.service` per service.
import { durationText, type ExportGenerator, type ExportInput, type ExportService } from './export-input.js';

export function unitName(project: string, service: string): string {
  return `stackctl-${project}-${service}.service`.replace(/[^\w.:-]/g, '_');
}

/** `%` is a specifier in every setting: doubled. */
const escapeSpecifiers = (text: string): string => text.replace(/%/g, '%%');

/** A quoted word as Environment= and ExecStart= unquote it (C escapes); plain when nothing needs quoting. */
function quoted(text: string): string {
  if (text !== '' && !/[\s"'\\;]/.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** One word of ExecStart=: `$` doubled too (ExecStart= expands variables, Environment= does not). */
export function systemdWord(word: string): string {
  return quoted(escapeSpecifiers(word).replace(/\$/g, '$$$$'));
}

/** One `KEY=value` of Environment=. */
export function systemdAssignment(key: string, value: string): string {
  return quoted(escapeSpecifiers(`${key}=${value}`));
}

/** WorkingDirectory= and EnvironmentFile= take the rest of the line as the path: no quotes, only `%` escaped. */
export function systemdPath(file: string): string {
  return escapeSpecifiers(file);
}

function execStart(command: string | readonly string[]): string {
  const argv = typeof command === 'string' ? ['/bin/sh', '-c', command] : command;
  return argv.map(systemdWord).join(' ');
}

function unit(input: ExportInput, entry: ExportService): string {
  const { service } = entry;
  const deps = Object.keys(service.dependsOn).map((name) => unitName(input.project, name));
  const lines = ['[Unit]', `Description=${escapeSpecifiers(`stackctl ${input.project}: ${service.name}`)}`];
  if (deps.length > 0) lines.push(`After=${deps.join(' ')}`, `Requires=${deps.join(' ')}`);
  if (service.restart !== 'no') lines.push(`StartLimitIntervalSec=${durationText(service.restartWindowMs)}`, `StartLimitBurst=${service.maxRestarts}`);
  lines.push('', '[Service]', 'Type=simple', `WorkingDirectory=${systemdPath(service.cwd)}`);
  for (const file of entry.envFiles) lines.push(`EnvironmentFile=${systemdPath(file)}`);
  for (const [key, value] of Object.entries(entry.env)) lines.push(`Environment=${systemdAssignment(key, value)}`);
  lines.push(
    `ExecStart=${execStart(service.command)}`,
    `Restart=${service.restart}`,
    'RestartSec=1',
    `KillSignal=${service.stopSignal}`,
    `TimeoutStopSec=${durationText(service.stopTimeoutMs)}`,
    'KillMode=control-group',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  );
  return lines.join('\n');
}

export const exportSystemd: ExportGenerator = (input) => {
  const notes: string[] = [];
  for (const { service } of input.services) {
    if (service.health !== null) notes.push(`${service.name}: health check not translated (systemd has none; use ExecStartPost= or a watchdog)`);
    for (const [name, condition] of Object.entries(service.dependsOn)) {
      if (condition !== 'started') notes.push(`${service.name}: depends_on ${name}: ${condition} becomes After=/Requires= (waits only for started)`);
    }
    if (typeof service.command !== 'string' && !service.command[0]?.startsWith('/')) {
      notes.push(`${service.name}: ExecStart= "${service.command[0] ?? ''}" is looked up in systemd's fixed PATH, not your shell's; use an absolute path if it is not found`);
    }
  }
  if (input.services.some(({ service }) => service.restart !== 'no')) {
    notes.push('restart backoff is a fixed RestartSec=1; max_restarts/restart_window become StartLimitBurst=/StartLimitIntervalSec=');
  }
  return { files: input.services.map((entry) => ({ name: unitName(input.project, entry.service.name), content: unit(input, entry) })), notes };
};
