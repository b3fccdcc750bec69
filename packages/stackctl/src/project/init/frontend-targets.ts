// The backend ports a frontend talks to in development: Vite `server.proxy` targets, `*_API_URL`-style env values, Next rewrites.
import { joinPath, type ProjectFiles } from './project-files.js';
import { configFlag } from './port-sources.js';

const CONFIG_FILES = [
  'vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs',
  'next.config.js', 'next.config.mjs', 'next.config.ts', 'nuxt.config.ts', 'nuxt.config.js', 'astro.config.mjs', 'astro.config.ts',
  'react-router.config.ts', 'remix.config.js', 'src/setupProxy.js',
];
const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.development.local', '.env.example'];
/** Env names a frontend reads its backend's address from. */
const URL_NAME = /^(?:VITE|NEXT_PUBLIC|REACT_APP|NUXT_PUBLIC|PUBLIC|EXPO_PUBLIC)?_?\w*(?:API|BACKEND|SERVER|PROXY)\w*(?:_URL|_URI|_HOST|_ORIGIN|_BASE|_TARGET)?$/;
const LOCAL_URL = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d{2,5}))?/g;

/** The local ports the frontend in `dir` (run by `script`) points at, with where each was read; [] when none is written down. */
export function frontendTargets(files: ProjectFiles, dir: string, script: string): Array<{ port: number; source: string }> {
  const found: Array<{ port: number; source: string }> = [];
  const add = (port: number, source: string): void => {
    if (port > 0 && port <= 65535 && !found.some((entry) => entry.port === port)) found.push({ port, source });
  };
  const pointed = configFlag(script);
  for (const file of [...(pointed === null ? [] : [pointed]), ...CONFIG_FILES]) {
    const text = files.read(joinPath(dir, file));
    if (text === null) continue;
    // In a config file every local URL is a proxy target or rewrite destination (its own port is `port: N`, not a URL).
    for (const match of text.matchAll(LOCAL_URL)) add(Number(match[1] ?? 80), file);
  }
  for (const file of ENV_FILES) {
    for (const line of (files.read(joinPath(dir, file)) ?? '').split(/\r?\n/)) {
      const entry = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=\s*["']?([^"'\s#]*)/.exec(line);
      if (entry?.[1] === undefined || entry[2] === undefined || !URL_NAME.test(entry[1])) continue;
      for (const match of entry[2].matchAll(LOCAL_URL)) add(Number(match[1] ?? 80), `${file} ${entry[1]}`);
    }
  }
  const pkgProxy = /"proxy"\s*:\s*"([^"]+)"/.exec(files.read(joinPath(dir, 'package.json')) ?? '')?.[1];
  for (const match of (pkgProxy ?? '').matchAll(LOCAL_URL)) add(Number(match[1] ?? 80), 'package.json proxy');
  return found;
}

/** Storybook, e-mail previews, docs sites: dev servers nobody waits for. */
export function isDevTool(dir: string, script: string, deps: ReadonlySet<string>): string | null {
  if (/\b(?:storybook|start-storybook)\b/.test(script) || (deps.has('storybook') && /storybook/.test(dir))) return 'Storybook';
  if (/\b(?:email\s+dev|email-dev|maildev|mailpit|mjml)\b/.test(script) || deps.has('react-email') || (deps.has('@react-email/components') && /email/i.test(dir))) return 'e-mail preview';
  if (/\b(?:docusaurus|vitepress|mkdocs|nextra|typedoc|docsify|mintlify|astro-docs)\b/.test(script) || deps.has('@docusaurus/core') || deps.has('vitepress')) return 'docs site';
  return null;
}
