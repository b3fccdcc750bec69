// Detects a Node service in one folder: its package.json dev/start script, the framework from its dependencies, its port.
import type { DetectedService } from './detected.js';
import { healthRoute } from './health-route.js';
import { recogniseFramework } from './node-frameworks.js';
import type { PackageManager } from '../lockfiles.js';
import { parsePackageJson } from '../package-json.js';
import { runScript } from './package-manager.js';
import { portFromCommand, portFromConfigFile, portFromDotenv } from './port-sources.js';
import { joinPath, type ProjectFiles } from './project-files.js';

interface PackageJson {
  readonly name?: unknown;
  readonly scripts?: Record<string, unknown>;
  readonly dependencies?: Record<string, unknown>;
  readonly devDependencies?: Record<string, unknown>;
}

/** Build watchers and test runners: a `dev` script like these runs no server. */
const NOT_A_SERVER = /^(?:tsc|tsup|rollup|esbuild|babel|vitest|jest|turbo|nx|lerna|concurrently|npm-run-all|run-p|pnpm\s+-r|pnpm\s+--recursive)\b/;

export interface NodeDetectOptions {
  readonly packageManager: PackageManager;
  /** Keep a package whose framework is not recognised (when it is not a build watcher). */
  readonly keepUnrecognised: boolean;
}

/** The service a folder's package.json declares, or null (no package.json, no dev/start script, or only a build watcher). */
export function detectNodeService(files: ProjectFiles, dir: string, options: NodeDetectOptions): DetectedService | null {
  const pkg = readPackageJson(files, dir);
  if (pkg === null) return null;
  const scripts = pkg.scripts ?? {};
  const scriptName = typeof scripts.dev === 'string' ? 'dev' : typeof scripts.start === 'string' ? 'start' : null;
  if (scriptName === null) return null;
  const script = String(scripts[scriptName]);
  const deps = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  const framework = recogniseFramework(deps, script);
  const command = runScript(options.packageManager, scriptName);
  const name = folderName(dir);
  if (framework === null) {
    if (!options.keepUnrecognised || NOT_A_SERVER.test(script.trim())) return null;
    const flagPort = portFromCommand(script);
    const envPort = portFromDotenv(files, dir);
    const port = flagPort ?? envPort?.port;
    return {
      name: name ?? 'app',
      command,
      cwd: dir,
      role: port === undefined ? 'worker' : 'backend',
      framework: `the "${scriptName}" script`,
      ...(port === undefined ? {} : { port, portSource: flagPort !== null ? `the ${scriptName} script` : envPort?.file, health: backendHealth(files, dir) }),
    };
  }
  const port = pickPort(files, dir, script, scriptName, framework.configFiles) ?? { port: framework.defaultPort, source: `${framework.name} default` };
  return {
    name: name ?? (framework.role === 'frontend' ? 'web' : 'api'),
    command,
    cwd: dir,
    role: framework.role,
    framework: framework.name,
    port: port.port,
    portSource: port.source,
    honoursPortEnv: framework.honoursPortEnv && port.source.endsWith('default'),
    health: framework.role === 'frontend' ? { kind: 'http', path: '/' } : backendHealth(files, dir),
  };
}

export function readPackageJson(files: ProjectFiles, dir: string): PackageJson | null {
  return parsePackageJson<PackageJson>(files.read(joinPath(dir, 'package.json')));
}

function pickPort(files: ProjectFiles, dir: string, script: string, scriptName: string, configFiles: readonly string[]): { port: number; source: string } | null {
  const flag = portFromCommand(script);
  if (flag !== null) return { port: flag, source: `the ${scriptName} script` };
  const config = portFromConfigFile(files, dir, configFiles);
  if (config !== null) return { port: config.port, source: config.file };
  const env = portFromDotenv(files, dir);
  return env === null ? null : { port: env.port, source: env.file };
}

function backendHealth(files: ProjectFiles, dir: string): DetectedService['health'] {
  const route = healthRoute(files, dir);
  return route === null ? { kind: 'tcp' } : { kind: 'http', path: route };
}

/** The last path segment of a sub-folder; null for the root. */
export function folderName(dir: string): string | null {
  return dir === '.' ? null : (dir.split('/').pop() ?? null);
}
