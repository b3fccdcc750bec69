// Telling a stackctl service from any process: its environment's STACKCTL_PROJECT / STACKCTL_SERVICE, and its project's config.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findOwnerConfig, readStackctlOwner } from '../../src/system/stackctl-owner.js';
import { killPidsAndClear } from '../helpers/pids.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-owner-');
const started = new Set<number>();

afterEach(async () => {
  await killPidsAndClear(started);
  dirs.removeAll();
});

function sleeper(env: NodeJS.ProcessEnv, cwd: string): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd, env, stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('no pid');
  started.add(child.pid);
  return child.pid;
}

describe('findOwnerConfig', () => {
  it('prefers the enclosing project that records the service as running over a nearer config', () => {
    const outer = dirs.create();
    const inner = path.join(outer, 'packages', 'web');
    mkdirSync(path.join(outer, '.stackctl', 'run'), { recursive: true });
    mkdirSync(inner, { recursive: true });
    writeFileSync(path.join(outer, 'stackctl.yaml'), 'services: {}\n');
    writeFileSync(path.join(inner, 'stackctl.yml'), 'services: {}\n');
    expect(findOwnerConfig(path.join(inner, 'src'), 'web')).toBe(path.join(inner, 'stackctl.yml'));
    writeFileSync(path.join(outer, '.stackctl', 'run', 'web.json'), '{}');
    expect(findOwnerConfig(path.join(inner, 'src'), 'web')).toBe(path.join(outer, 'stackctl.yaml'));
    expect(findOwnerConfig('/', 'web')).toBeNull();
  });
});

describe.runIf(process.platform === 'linux')('readStackctlOwner', () => {
  it('reads the project and service from a live process and finds its config from its cwd', () => {
    const project = dirs.create();
    writeFileSync(path.join(project, 'stackctl.yaml'), 'services: {}\n');
    const pid = sleeper({ PATH: process.env.PATH, STACKCTL: '1', STACKCTL_PROJECT: 'shop', STACKCTL_SERVICE: 'web' }, project);
    expect(readStackctlOwner(pid, project)).toEqual({ project: 'shop', service: 'web', configPath: path.join(project, 'stackctl.yaml') });
  });

  it('is null for a process that is not a service (setup tasks carry no STACKCTL_SERVICE), and for a pid gone', () => {
    const folder = dirs.create();
    expect(readStackctlOwner(sleeper({ PATH: process.env.PATH }, folder), folder)).toBeNull();
    expect(readStackctlOwner(sleeper({ PATH: process.env.PATH, STACKCTL_PROJECT: 'shop' }, folder), folder)).toBeNull();
    expect(readStackctlOwner(2 ** 22 + 1, folder)).toBeNull();
  });
});
