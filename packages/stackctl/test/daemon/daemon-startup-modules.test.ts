// What the idle daemon loads at start: the bundle's static import graph (as scripts/bundle.mjs builds it) leaves out what only some daemons need.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** The inputs and the external modules reached from the daemon's entry by static imports only (not `import()`). */
async function startupGraph(): Promise<{ inputs: Set<string>; externals: Set<string> }> {
  const result = await build({
    entryPoints: { daemon: path.join(SRC, 'daemon/daemon-bin.ts') },
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    format: 'esm',
    splitting: true,
    outdir: '/virtual-out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint !== undefined);
  const inputs = new Set<string>();
  const externals = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const output = outputs[name];
    if (output === undefined || seen.has(name)) return;
    seen.add(name);
    for (const input of Object.keys(output.inputs)) inputs.add(path.relative(SRC, path.resolve(input)));
    for (const each of output.imports) {
      if (each.kind !== 'import-statement') continue;
      if (each.external === true) externals.add(each.path);
      else visit(each.path);
    }
  };
  if (entry !== undefined) visit(entry);
  return { inputs, externals };
}

describe('the daemon bundle at start', () => {
  it('loads neither node:crypto nor worker threads nor the config loader (it gets its config on stdin)', async () => {
    const { inputs, externals } = await startupGraph();
    expect(inputs.has('daemon/daemon-main.ts')).toBe(true);
    expect(externals.has('node:net')).toBe(true);
    for (const name of ['node:crypto', 'crypto', 'node:worker_threads', 'worker_threads', 'zod', 'yaml']) expect(externals).not.toContain(name);
    const config = [...inputs].filter((input) => /^config\/(load-config|module-thread|module-worker|transform-cache|schema)\.ts$/.test(input));
    expect(config).toEqual([]);
  }, 30_000);
});
