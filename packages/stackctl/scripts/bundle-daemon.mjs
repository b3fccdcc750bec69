// Build step after tsc: bundles the compiled daemon (dist/daemon/daemon-bin.js) into dist/daemon-bundle/ (see src/daemon/daemon-launch.ts).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist/daemon-bundle');

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { daemon: path.join(root, 'dist/daemon/daemon-bin.js') },
  outdir,
  bundle: true,
  // What the daemon imports lazily (an https check, a config reload, the log readers) stays in chunks of its own.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules, loaded (lazily, where the code says so) as before.
  packages: 'external',
  // Smaller source text kept in memory; names are not mangled, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
