// How the daemon is launched: its script (the bundle while it is current), its V8 flags, its environment.
import { spawnSync } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_SCRIPT, daemonEnv, daemonNodeFlags, daemonScript } from '../../src/daemon/daemon-launch.js';
import { DEFERRED_CA_ENV } from '../../src/system/extra-ca-certs.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-launch-');
afterEach(() => dirs.removeAll());

describe('daemonScript', () => {
  function files(bundleAgeS: number | null, compiledAgeS: number | null): { bundle: string; compiled: string } {
    const dir = dirs.create();
    const bundle = path.join(dir, 'daemon.js');
    const compiled = path.join(dir, 'daemon-main.js');
    const now = Date.now() / 1000;
    for (const [file, age] of [[bundle, bundleAgeS], [compiled, compiledAgeS]] as const) {
      if (age === null) continue;
      writeFileSync(file, '');
      utimesSync(file, now - age, now - age);
    }
    return { bundle, compiled };
  }

  it('takes the bundle when it is as new as the compiled modules or newer', () => {
    const { bundle, compiled } = files(5, 10);
    expect(daemonScript(bundle, compiled)).toBe(bundle);
  });

  it('falls back to the CLI when the bundle is older than the compiled modules (tsc ran alone) or missing', () => {
    const stale = files(10, 5);
    expect(daemonScript(stale.bundle, stale.compiled)).toBe(CLI_SCRIPT);
    const missing = files(null, 5);
    expect(daemonScript(missing.bundle, missing.compiled)).toBe(CLI_SCRIPT);
  });
});

describe('daemonEnv', () => {
  it('moves NODE_EXTRA_CA_CERTS to the deferred name and keeps everything else', () => {
    const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/certs/dev-ca.pem' };
    expect(daemonEnv(env)).toEqual({ PATH: '/bin', [DEFERRED_CA_ENV]: '/certs/dev-ca.pem' });
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/certs/dev-ca.pem');
    expect(daemonEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin' });
    expect(daemonEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '' })).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '' });
  });
});

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
