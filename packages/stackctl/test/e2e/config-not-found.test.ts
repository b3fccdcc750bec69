// End-to-end: `stackctl status` from the repository root (no config there) points at the demo's folder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('no config in the working folder', () => {
  it('from the repository root, status exits 2 with a hint naming examples/fullstack', async () => {
    const { code, stderr } = await runCli(['status'], { cwd: REPOSITORY_ROOT });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[E_CONFIG_NOT_FOUND\]: no stackctl\.yaml /);
    expect(stderr).toContain('\nhint: a stackctl config is in examples/fullstack: `cd examples/fullstack` first, or pass `-c examples/fullstack/stackctl.yaml`\n');
  });
});
