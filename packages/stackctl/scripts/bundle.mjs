// Build step after tsc: bundles the compiled daemon and the `status` fast path (see src/daemon/daemon-launch.ts, bin/stackctl.cjs).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules, loaded (lazily, where the code says so) as before.
  packages: 'external',
  // Smaller source text kept in memory; names are not mangled, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

// The daemon as one ES module; what it imports lazily (an https check, a config reload, the log readers) in chunks of its own.
rmSync(path.join(dist, 'daemon-bundle'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { daemon: path.join(dist, 'daemon/daemon-bin.js') },
  outdir: path.join(dist, 'daemon-bundle'),
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
});

// `status` when a host answers, as one CommonJS file for bin/stackctl.cjs: no ES-module loader to start.
rmSync(path.join(dist, 'cli-fast'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: [path.join(dist, 'cli/status-fast-path.js')],
  outfile: path.join(dist, 'cli-fast/status.cjs'),
  format: 'cjs',
});
