// Detects services from a Procfile at the project root (`name: command` a line): port from a flag, $PORT (foreman numbering) or the code.
import { entryFromScript, portFromCode } from './code-ports.js';
import type { DetectedService } from './detected.js';
import { healthRoute } from './health-route.js';
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
    const port = procfilePort(files, command, services.length);
    const entry = entryFromScript(command);
    const route = port === null ? null : healthRoute(files, '.', entry === null ? [] : [entry]);
    services.push({
      name,
      command,
      cwd: '.',
      role: port === null ? 'worker' : 'backend',
      framework: 'Procfile',
      ...(port === null
        ? {}
        : { port: port.port, portSource: port.source, health: route === null ? { kind: 'tcp' as const } : { kind: 'http' as const, path: route } }),
    });
  }
  return services;
}

/** `--port N` in the line; foreman's number for a line using $PORT; the port the file it runs listens on; else none (a worker). */
function procfilePort(files: ProjectFiles, command: string, index: number): { port: number; source: string } | null {
  const flag = portFromCommand(command);
  if (flag !== null) return { port: flag, source: 'its --port flag' };
  if (/\$\{?PORT\b/.test(command)) return { port: BASE_PORT + PORT_STEP * index, source: 'foreman numbering ($PORT)' };
  const entry = entryFromScript(command);
  if (entry === null) return null;
  const code = portFromCode(files, '.', [entry]);
  // Only the file the line runs: another entry file's port belongs to another process.
  return code === null || code.file !== entry ? null : { port: code.port, source: code.readsEnv ? `${entry} (its fallback when PORT is unset)` : entry };
}
