// How the daemon process is launched: which script, with which Node flags, in which environment.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deferExtraCaCerts } from '../system/extra-ca-certs.js';

/** The CLI script (`bin/stackctl.cjs`), the same from `src/` and from `dist/`. */
export const CLI_SCRIPT = fileURLToPath(new URL('../../bin/stackctl.cjs', import.meta.url));

/** The daemon bundled into one module by the build (scripts/bundle.mjs). */
export const DAEMON_BUNDLE = fileURLToPath(new URL('../../dist/daemon-bundle/daemon.js', import.meta.url));

/** A module the TypeScript build writes: a bundle older than it was made from an earlier build. */
const COMPILED_DAEMON = fileURLToPath(new URL('../../dist/daemon/daemon-main.js', import.meta.url));

/*
 * Why a bundle: Node 20 loads each ES module on its own (its source, its record, its namespace), and
 * the daemon needs ~115 of them. As one module (plus lazily loaded chunks), without comments and
 * whitespace, the idle daemon is 1.5 MB smaller (bench/daemon-rss.js: 49.3 → 47.8 MB, 1.2 MB of it
 * from bundling, 0.3 MB from the minified text).
 */

/**
 * The script the daemon runs from: the bundle, unless it is missing or older than the compiled
 * modules (a `tsc` run without the bundling step), then the CLI itself (`stackctl __daemon`), which
 * runs the same code from the compiled modules.
 */
export function daemonScript(bundle = DAEMON_BUNDLE, compiled = COMPILED_DAEMON): string {
  try {
    return statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs ? bundle : CLI_SCRIPT;
  } catch {
    return CLI_SCRIPT;
  }
}

/** The daemon's environment: the CLI's, with NODE_EXTRA_CA_CERTS deferred (extra-ca-certs.ts; 1.7 MB less). */
export function daemonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return deferExtraCaCerts(env);
}

/**
 * V8 flags of the daemon process, for a small resident size: it idles most of its life. Measured
 * with bench/daemon-rss.js (10 idle services, resident size ~5 s after `start`, median of 5 runs;
 * Node 20, 2 cores), each on top of the ones before, from 57.5 MB without any:
 * - `--max-semi-space-size=1` (MB): a young generation of 2 MB instead of up to 32 MB: 56.5 MB (and
 *   more where the daemon allocates steadily: 5 MB less with the sampler that read /proc 10× per tick).
 * - `--interrupt-budget=2162688` (32× V8's default): a function must run 32× longer before V8
 *   compiles it to baseline or optimized code. Loading the daemon's ~130 modules runs Node's URL
 *   and path functions hundreds of times, over every character of each module's path: enough for the
 *   optimizing compiler, whose first use pages in ~4 MB of its code and data for good. 52.2 MB, and
 *   an idle daemon never runs it (still 4 MB with the bundle, whose startup warms the same code).
 *   16× sufficed for a 30-character install path but not for 86 characters; 32× does. Code that is
 *   really hot (a service's output) is still optimized after a few MB of bytecode: the 1M-line
 *   throughput and the daemon's CPU time did not change measurably.
 * - `--no-short-builtin-calls`: V8 otherwise maps a second copy of its builtins next to generated
 *   code (shorter calls from optimized code, which the idle daemon does not run): 51.4 MB.
 * The last two are V8-internal (an unknown flag stops `node` with exit 9), so they are passed only
 * to the Node major they were measured on (20, V8 11.3). Tried and left out: `--lite-mode` or
 * `--max-opt=1` (never optimize): the daemon becomes the bottleneck when a service writes line by
 * line (1.10–1.16× a plain pipe); `--jitless` likewise. No effect (±0.5 MB): --optimize-for-size,
 * --single-threaded(-gc), --v8-pool-size=1, --max-lazy, --initial-old-space-size, fewer malloc
 * arenas, an earlier memory reducer (--gc-memory-reducer-start-delay-ms: V8 waits for a quiet
 * allocation rate anyway; it runs ~8 s after start and takes another ~3 MB off an idle daemon).
 * `--max-old-space-size` caps the heap but does not shrink an idle one (16, 32, 64: no change):
 * left at V8's default, so a chatty stack cannot run the daemon out of memory.
 */
export function daemonNodeFlags(nodeVersion: string = process.versions.node): string[] {
  const flags = ['--max-semi-space-size=1'];
  if (nodeVersion.split('.')[0] === '20') flags.push('--interrupt-budget=2162688', '--no-short-builtin-calls');
  return flags;
}
