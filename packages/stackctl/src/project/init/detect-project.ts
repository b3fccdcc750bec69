// Runs every detector over a project and settles the result: unique names, clashing default ports moved, frontends → backends.
import { detectComposeHints } from './compose-detector.js';
import type { ContainerHint, DetectedService } from './detected.js';
import { detectNodeService } from './node-detector.js';
import type { PackageManager } from '../lockfiles.js';
import { detectPackageManager } from './package-manager.js';
import { detectProcfile } from './procfile-detector.js';
import { candidateFolders } from './project-folders.js';
import type { ProjectFiles } from './project-files.js';
import { detectPythonService } from './python-detector.js';

export interface PlannedService extends DetectedService {
  /** A note for the comment above the service, e.g. why its port differs from the framework's default. */
  readonly notes: readonly string[];
  /** Services to wait for, with the condition. */
  readonly dependsOn: Readonly<Record<string, 'started' | 'healthy'>>;
}

export interface ProjectPlan {
  readonly packageManager: PackageManager;
  readonly services: PlannedService[];
  readonly hints: ContainerHint[];
}

/**
 * A Procfile, when present, is the declared process list and is used alone; otherwise the sub-folders'
 * package.json / Python apps, and the root's when it has a recognised app (or nothing else was found).
 */
export function detectProject(files: ProjectFiles): ProjectPlan {
  const packageManager = detectPackageManager(files);
  const hints = detectComposeHints(files);
  let found = detectProcfile(files);
  if (found.length === 0) {
    for (const dir of candidateFolders(files)) {
      const service = detectNodeService(files, dir, { packageManager, keepUnrecognised: true }) ?? detectPythonService(files, dir);
      if (service !== null) found.push(service);
    }
    const root =
      detectNodeService(files, '.', { packageManager, keepUnrecognised: found.length === 0 }) ??
      detectPythonService(files, '.');
    if (root !== null) found = [root, ...found];
  }
  return { packageManager, services: settle(found), hints };
}

function settle(found: readonly DetectedService[]): PlannedService[] {
  const names = new Set<string>();
  const named = found.map((service) => ({ ...service, name: uniqueName(service.name, names) }));
  // Ports read from the project keep them; only a tool's default moves (through PORT) when it clashes.
  const ports = new Map<number, string>();
  for (const service of named) if (service.port !== undefined && service.honoursPortEnv !== true && !ports.has(service.port)) ports.set(service.port, service.name);
  const planned = named.map((service): PlannedService => {
    const notes: string[] = [];
    let port = service.port;
    const owner = port === undefined ? undefined : ports.get(port);
    if (port !== undefined && owner !== undefined && owner !== service.name && service.honoursPortEnv === true) {
      const taken = port;
      while (ports.has(port)) port += 1;
      notes.push(`${service.framework}'s default ${taken} is ${owner}'s: this one gets ${port} through PORT`);
    } else if (port !== undefined && owner !== undefined && owner !== service.name) {
      notes.push(`port ${port} is ${owner}'s too: give one of them another port`);
    }
    if (port !== undefined && !ports.has(port)) ports.set(port, service.name);
    return { ...service, ...(port === undefined ? {} : { port }), notes, dependsOn: {} };
  });
  const backends = planned.filter((service) => service.role === 'backend');
  return planned.map((service) =>
    service.role !== 'frontend'
      ? service
      : { ...service, dependsOn: Object.fromEntries(backends.map((backend) => [backend.name, backend.health === undefined ? 'started' : 'healthy'])) },
  );
}

/** A valid service name (letters, digits, _ . -), suffixed -2, -3… when taken. */
function uniqueName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/^@[^/]+\//, '').replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '') || 'app';
  let name = base;
  for (let index = 2; taken.has(name); index += 1) name = `${base}-${index}`;
  taken.add(name);
  return name;
}
