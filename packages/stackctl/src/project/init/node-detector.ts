// The service one package.json script (or a wrapper's component command) runs: framework, role, port, health check.
import type { DetectedService } from './detected.js';
import { healthRoute } from './health-route.js';
import { recogniseFramework, type NodeFramework } from './node-frameworks.js';
import { parsePackageJson } from '../package-json.js';
import { entryFromScript, portFromCode } from './code-ports.js';
import { configFlag, portFromCommand, portFromConfigFile, portFromDotenv } from './port-sources.js';
import { frontendTargets, isDevTool } from './frontend-targets.js';
import { joinPath, type ProjectFiles } from './project-files.js';

export interface PackageJson {
  readonly name?: unknown;
  readonly main?: unknown;
  readonly scripts?: Record<string, unknown>;
  readonly dependencies?: Record<string, unknown>;
  readonly devDependencies?: Record<string, unknown>;
}

/** Build watchers and test runners: a `dev` script like these runs no server. */
const NOT_A_SERVER = /^(?:tsc|tsup|rollup|esbuild|babel|vitest|jest|turbo|nx|lerna|concurrently|npm-run-all|run-p|run-s|pnpm\s+-r|pnpm\s+--recursive|(?:npx\s+)?stackctl)\b/;

/** Dev servers that compile before they answer (the first page, or the whole app): their checks get a start_period. */
const COMPILES_FIRST = new Set(['Next.js', 'Nuxt', 'NestJS', 'Remix']);

const TOOL_PORTS: Readonly<Record<string, number>> = { Storybook: 6006, 'e-mail preview': 3000, 'docs site': 3000 };

export interface ScriptToRun {
  /** The package.json script's name, for the comment ("the dev script"); null for a bare command. */
  readonly scriptName: string | null;
  /** What the script runs, read for the framework and port. */
  readonly script: string;
  /** The service's command: `npm run dev`, or the bare command. */
  readonly command: string;
  /** Preferred service name; default: the folder's name. */
  readonly name?: string;
}

/** The service one script of a package runs, or null when it is only a build watcher (or unrecognised and not kept). */
export function serviceFromScript(files: ProjectFiles, dir: string, pkg: PackageJson, run: ScriptToRun, options: { readonly keepUnrecognised: boolean }): DetectedService | null {
  const { script } = run;
  if (NOT_A_SERVER.test(script.trim())) return null;
  const deps = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  const framework = recogniseFramework(deps, script, entryFromScript(script) !== null);
  const name = run.name ?? folderName(dir);
  const scriptLabel = run.scriptName === null ? 'its command' : `the ${run.scriptName} script`;
  const tool = isDevTool(dir, script, deps);
  if (tool !== null) {
    const port = pickPort(files, dir, pkg, script, scriptLabel, { name: tool, role: 'tool', honoursPortEnv: false, configFiles: [], defaultPort: TOOL_PORTS[tool] });
    return {
      name: name ?? tool.split(' ')[0]?.toLowerCase().replace(/[^a-z]/g, '') ?? 'tool',
      command: run.command,
      cwd: dir,
      role: 'tool',
      framework: `${tool} (a dev tool: nothing waits for it)`,
      ...(port === null ? {} : { port: port.port, portSource: port.source, health: { kind: 'http' as const, path: '/' } }),
    };
  }
  if (framework === null) {
    if (!options.keepUnrecognised) return null;
    const port = pickPort(files, dir, pkg, script, scriptLabel, null);
    return {
      name: name ?? 'app',
      command: run.command,
      cwd: dir,
      role: port === null ? 'worker' : 'backend',
      framework: scriptLabel.replace(/^the/, 'The').replace(/^its/, 'Its'),
      ...(port === null ? {} : { port: port.port, portSource: port.source, health: backendHealth(files, dir, script) }),
    };
  }
  const port = pickPort(files, dir, pkg, script, scriptLabel, framework);
  return {
    name: name ?? (framework.role === 'frontend' ? 'web' : 'api'),
    command: run.command,
    cwd: dir,
    role: framework.role,
    framework: framework.name,
    ...(port === null
      ? { portUnknown: `no port found in ${scriptLabel}, the entry file or .env: add \`port:\` and a \`health:\` check` }
      : {
          port: port.port,
          portSource: port.source,
          honoursPortEnv: framework.honoursPortEnv && port.source.endsWith('default'),
          health: framework.role === 'frontend' ? { kind: 'http' as const, path: '/' } : backendHealth(files, dir, script),
        }),
    ...(framework.role === 'frontend' ? { targets: frontendTargets(files, dir, script) } : {}),
    ...(port !== null && COMPILES_FIRST.has(framework.name) ? { startPeriod: '30s' } : {}),
  };
}

export function readPackageJson(files: ProjectFiles, dir: string): PackageJson | null {
  return parsePackageJson<PackageJson>(files.read(joinPath(dir, 'package.json')));
}

/**
 * First found: a flag in the script; the framework's config file (the one `--config` names first); a literal
 * the entry file listens on; `PORT` in .env (before a `process.env.PORT || N` fallback); that fallback;
 * `PORT` in .env.example; the tool's own default. Null when none says.
 */
function pickPort(files: ProjectFiles, dir: string, pkg: PackageJson, script: string, scriptLabel: string, framework: NodeFramework | null): { port: number; source: string } | null {
  const flag = portFromCommand(script);
  if (flag !== null) return { port: flag, source: scriptLabel };
  if (framework !== null) {
    const pointed = configFlag(script);
    const config = portFromConfigFile(files, dir, [...(pointed === null ? [] : [pointed]), ...framework.configFiles]);
    if (config !== null) return { port: config.port, source: config.file };
  }
  const code = framework?.role === 'frontend' ? null : portFromCode(files, dir, [entryFromScript(script), typeof pkg.main === 'string' ? pkg.main : null].filter((file) => file !== null));
  if (code !== null && !code.readsEnv) return { port: code.port, source: code.file };
  const env = portFromDotenv(files, dir);
  if (env !== null) return { port: env.port, source: env.file };
  if (code !== null) return { port: code.port, source: `${code.file} (its fallback when PORT is unset)` };
  const example = portFromDotenv(files, dir, { example: true });
  if (example !== null) return { port: example.port, source: example.file };
  return framework?.defaultPort === undefined ? null : { port: framework.defaultPort, source: `${framework.name} default` };
}

function backendHealth(files: ProjectFiles, dir: string, script = ''): DetectedService['health'] {
  const entry = entryFromScript(script);
  const route = healthRoute(files, dir, entry === null ? [] : [entry]);
  return route === null ? { kind: 'tcp' } : { kind: 'http', path: route };
}

/** The last path segment of a sub-folder; null for the root. */
export function folderName(dir: string): string | null {
  return dir === '.' ? null : (dir.split('/').pop() ?? null);
}
