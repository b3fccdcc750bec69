// Detects services from a Procfile at the project root (`name: command` a line), numbering $PORT like foreman.
import type { DetectedService } from './detected.js';
import { portFromCommand } from './port-sources.js';
import type { ProjectFiles } from './project-files.js';

const BASE_PORT = 5000;
const PORT_STEP = 100;

export function detectProcfile(files: ProjectFiles): DetectedService[] {
  const text = files.read('Procfile');
  if (text === null) return [];
  const services: DetectedService[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z0-9][\w.-]*)\s*:\s*(.+)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const [, name, command] = match;
    const flag = portFromCommand(command);
    const usesPortEnv = /\$\{?PORT\b/.test(command);
    const port = flag ?? (usesPortEnv ? BASE_PORT + PORT_STEP * services.length : undefined);
    services.push({
      name,
      command,
      cwd: '.',
      role: port === undefined ? 'worker' : 'backend',
      framework: 'Procfile',
      ...(port === undefined
        ? {}
        : { port, portSource: flag !== null ? 'its --port flag' : 'foreman numbering ($PORT)', health: { kind: 'tcp' as const } }),
    });
  }
  return services;
}
