// The daemon's V8 flags: V8-internal ones only on the Node major they were measured on, and this Node accepts them all.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { daemonNodeFlags } from '../../src/daemon/ensure-daemon.js';

describe('daemonNodeFlags', () => {
  it('adds the V8-internal flags on Node 20 only; every Node gets the young-generation cap', () => {
    expect(daemonNodeFlags('20.20.2')).toEqual(['--max-semi-space-size=1', '--interrupt-budget=2162688', '--no-short-builtin-calls']);
    expect(daemonNodeFlags('22.11.0')).toEqual(['--max-semi-space-size=1']);
    expect(daemonNodeFlags('200.0.0')).toEqual(['--max-semi-space-size=1']);
  });

  it('names flags the running node accepts (an unknown one would stop the daemon with exit 9)', () => {
    const run = spawnSync(process.execPath, [...daemonNodeFlags(), '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ok');
  });
});
