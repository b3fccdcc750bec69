// Runs every detector over a project and settles the result: unique names, clashing default ports moved, frontends → backends.
import { backingNeeds } from './backing-needs.js';
import { detectComposeHints } from './compose-detector.js';
import { nativeServices, type MissingProgram, type NativeService } from './native-services.js';
import type { ProgramLookup } from '../setup/index.js';
import type { ContainerHint, DetectedService } from './detected.js';
import { detectNodeFolder } from './node-folder.js';
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
  /** Databases and caches the apps need whose server program is not installed: written as comments with the install command. */
  readonly missing: MissingProgram[];
}

export interface DetectOptions {
  /** Finds an installed program (redis-server, postgres, mongod) for a native database service; default: none is. */
  readonly lookup?: ProgramLookup;
  /** init runs as root: PostgreSQL, which refuses to, is written commented instead of as a service that cannot start. */
  readonly asRoot?: boolean;
}

/**
 * A Procfile, when present, is the declared process list and is used alone. Otherwise: the root's script
 * when it wraps several servers (concurrently, npm-run-all -p, …) becomes its components; a turbo / nx /
 * lerna / `pnpm -r` task picks the script each workspace runs; then the sub-folders' package.json / Python
 * apps (those a wrapper covers skipped), and the root's own app when it is recognised (or nothing else was found).
 */
export function detectProject(files: ProjectFiles, options: DetectOptions = {}): ProjectPlan {
  const packageManager = detectPackageManager(files);
  const hints = detectComposeHints(files);
  let found = detectProcfile(files);
  if (found.length === 0) {
    const root = detectNodeFolder(files, '.', { packageManager, keepUnrecognised: true });
    const wrapped = root !== null && (root.covers.length > 0 || root.services.length > 1 || root.workspaceTask !== null);
    const covered = new Set(root?.covers ?? []);
    for (const dir of candidateFolders(files)) {
      if (covered.has(dir)) continue;
      const node = detectNodeFolder(files, dir, { packageManager, keepUnrecognised: true, task: root?.workspaceTask ?? null });
      const service = node !== null && node.services.length > 0 ? null : detectPythonService(files, dir);
      found.push(...(node?.services ?? []), ...(service === null ? [] : [service]));
    }
    const own = wrapped ? root.services : (detectNodeFolder(files, '.', { packageManager, keepUnrecognised: found.length === 0 })?.services ?? []);
    const python = own.length === 0 && !wrapped ? detectPythonService(files, '.') : null;
    found = [...own, ...(python === null ? [] : [python]), ...found];
  }
  const settled = settle(found);
  const needs = backingNeeds(files, settled, hints);
  const native = nativeServices(needs, options.lookup ?? (() => null), options.asRoot === true);
  return { packageManager, services: withNative(settled, native.services), hints, missing: native.missing };
}

/** The native database services appended, each app that needs one waiting for it to be healthy. */
function withNative(planned: readonly PlannedService[], natives: readonly NativeService[]): PlannedService[] {
  const taken = new Set(planned.map((service) => service.name));
  const named = natives.map((native) => ({ native, name: uniqueName(native.name, taken) }));
  const apps = planned.map((service) => {
    const wanted = named.filter(({ native }) => native.neededBy.includes(service.name));
    return wanted.length === 0 ? service : { ...service, dependsOn: { ...service.dependsOn, ...Object.fromEntries(wanted.map(({ name }) => [name, 'healthy' as const])) } };
  });
  const databases = named.map(({ native, name }): PlannedService => ({
    name,
    command: native.command,
    cwd: '.',
    role: 'backend',
    framework: `${native.kind}, run natively with its data in .stackctl/data (${native.because.join(', ')} in ${native.neededBy.join(', ')})`,
    port: native.port,
    portSource: `${native.kind} default`,
    health: { kind: 'tcp' },
    ...(native.startPeriod === undefined ? {} : { startPeriod: native.startPeriod }),
    notes: [],
    dependsOn: {},
  }));
  return [...apps, ...databases];
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
  return planned.map((service) => (service.role === 'frontend' ? withBackends(service, planned) : service));
}

/** A frontend waits for the services its dev proxy or env points at (by port), never for dev tools or other frontends. */
function withBackends(frontend: PlannedService, planned: readonly PlannedService[]): PlannedService {
  const targets = frontend.targets ?? [];
  const dependsOn: Record<string, 'started' | 'healthy'> = {};
  const notes = [...frontend.notes];
  for (const target of targets) {
    const backend = planned.find((service) => service !== frontend && service.port === target.port && service.role !== 'tool' && service.role !== 'frontend');
    if (backend !== undefined) dependsOn[backend.name] = backend.health === undefined ? 'started' : 'healthy';
    else notes.push(`${target.source} points at port ${target.port}, which no service here listens on`);
  }
  if (targets.length === 0 && planned.some((service) => service.role === 'backend')) {
    notes.push('no dev proxy or API URL found: it waits for no service (add depends_on if it needs one)');
  }
  return { ...frontend, dependsOn, notes };
}

/** A valid service name (letters, digits, _ . -), suffixed -2, -3… when taken. */
function uniqueName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/^@[^/]+\//, '').replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '') || 'app';
  let name = base;
  for (let index = 2; taken.has(name); index += 1) name = `${base}-${index}`;
  taken.add(name);
  return name;
}
