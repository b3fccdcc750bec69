// The JavaScript frameworks init recognises: how to spot each in package.json, its default port and config files.
import type { ServiceRole } from './detected.js';

export interface NodeFramework {
  readonly name: string;
  readonly role: ServiceRole;
  /** The port the tool itself picks when nothing says otherwise; undefined when the app's code decides (Express). */
  readonly defaultPort?: number;
  /** Whether the dev server listens on $PORT (stackctl sets PORT), so a clashing default port can be moved. */
  readonly honoursPortEnv: boolean;
  /** Config files whose `port: N` is the dev server's port. */
  readonly configFiles: readonly string[];
}

const viteConfigs = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'];

/** Dev-server programs named at the start of a script, for a package whose dependencies hold several (one package.json, two servers). */
const SCRIPT_PROGRAMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^next\b/, 'next'], [/^nuxt\b|^nuxi\b/, 'nuxt'], [/^astro\b/, 'astro'], [/^react-router\b/, '@react-router/dev'], [/^vite\b/, 'vite'],
];
const BACKENDS = ['@nestjs/core', 'fastify', 'express', 'koa', '@hapi/hapi', 'hono'];

/**
 * The script's own program first (`vite …`, `next dev`; `node`/`nodemon`/`tsx` running a file is a backend),
 * then the dependencies, meta-frameworks before the bundler or server library they build on.
 */
export function recogniseFramework(deps: ReadonlySet<string>, script: string, runsFile = false): NodeFramework | null {
  const program = script.trim().replace(/^(?:\w+=\S*\s+|cross-env\s+|npx\s+)+/, '');
  const named = SCRIPT_PROGRAMS.find(([pattern]) => pattern.test(program));
  if (named !== undefined) return byDependencies(new Set([named[1], ...[...deps].filter((dep) => dep.startsWith('@remix-run/'))]), script);
  if (runsFile) {
    return byDependencies(new Set(BACKENDS.filter((dep) => deps.has(dep))), script) ?? { name: 'Node server', role: 'backend', honoursPortEnv: true, configFiles: [] };
  }
  return byDependencies(deps, script);
}

function byDependencies(deps: ReadonlySet<string>, script: string): NodeFramework | null {
  if (deps.has('next')) return { name: 'Next.js', role: 'frontend', defaultPort: 3000, honoursPortEnv: true, configFiles: [] };
  if (deps.has('nuxt')) return { name: 'Nuxt', role: 'frontend', defaultPort: 3000, honoursPortEnv: true, configFiles: ['nuxt.config.ts', 'nuxt.config.js'] };
  if (deps.has('@react-router/dev')) return { name: 'React Router', role: 'frontend', defaultPort: 5173, honoursPortEnv: false, configFiles: viteConfigs };
  if ([...deps].some((dep) => dep.startsWith('@remix-run/'))) {
    const viteBased = deps.has('vite') || /\bvite\b/.test(script);
    return viteBased
      ? { name: 'Remix (Vite)', role: 'frontend', defaultPort: 5173, honoursPortEnv: false, configFiles: viteConfigs }
      : { name: 'Remix', role: 'frontend', defaultPort: 3000, honoursPortEnv: true, configFiles: [] };
  }
  if (deps.has('astro')) return { name: 'Astro', role: 'frontend', defaultPort: 4321, honoursPortEnv: false, configFiles: ['astro.config.mjs', 'astro.config.ts', 'astro.config.js'] };
  if (deps.has('@nestjs/core')) return { name: 'NestJS', role: 'backend', honoursPortEnv: true, configFiles: [] };
  if (deps.has('vite')) return { name: 'Vite', role: 'frontend', defaultPort: 5173, honoursPortEnv: false, configFiles: viteConfigs };
  if (deps.has('fastify')) {
    // fastify-cli's `fastify start` listens on $PORT, else 3000; a hand-written server says in its code.
    return /\bfastify\s+start\b/.test(script)
      ? { name: 'Fastify', role: 'backend', defaultPort: 3000, honoursPortEnv: true, configFiles: [] }
      : { name: 'Fastify', role: 'backend', honoursPortEnv: true, configFiles: [] };
  }
  for (const [dep, name] of [['express', 'Express'], ['koa', 'Koa'], ['@hapi/hapi', 'hapi'], ['hono', 'Hono']] as const) {
    if (deps.has(dep)) return { name, role: 'backend', honoursPortEnv: true, configFiles: [] };
  }
  return null;
}
