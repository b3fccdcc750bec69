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

/** Checked in order: meta-frameworks before the bundler or server library they build on. */
export function recogniseFramework(deps: ReadonlySet<string>, script: string): NodeFramework | null {
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
