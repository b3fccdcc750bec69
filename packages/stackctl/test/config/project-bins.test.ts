// The project's program folders on a service's PATH: the nearest virtualenv's bin first, then node_modules/.bin from cwd up to the config.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { makeVenv, HAS_PYTHON_VENV } from '../helpers/python-venv.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-bins-');
afterEach(() => dirs.removeAll());

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const target = path.join(root, name);
    if (name.endsWith('/')) fs.mkdirSync(target, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
  }
}

const CONFIG = 'services:\n  api:\n    command: x\n    cwd: ./apps/api\n  web:\n    command: y\n    cwd: ./apps/web\n';

describe.runIf(HAS_PYTHON_VENV)('project bins on PATH', () => {
  it('puts the service folder’s .venv/bin first, then node_modules/.bin of the folder and the workspace root, and sets VIRTUAL_ENV', async () => {
    const root = dirs.create();
    write(root, { 'stackctl.yaml': CONFIG, 'node_modules/.bin/': '', 'apps/api/node_modules/.bin/': '', 'apps/web/': '' });
    makeVenv(path.join(root, 'apps/api/.venv'));
    const { config } = await loadConfig({ cwd: root, parentEnv: { PATH: '/usr/bin:/bin', PYTHONHOME: '/elsewhere' } });
    const api = config.services.api?.env;
    expect(api?.PATH).toBe([`${root}/apps/api/.venv/bin`, `${root}/apps/api/node_modules/.bin`, `${root}/node_modules/.bin`, '/usr/bin', '/bin'].join(':'));
    expect(api?.VIRTUAL_ENV).toBe(`${root}/apps/api/.venv`);
    expect(api?.PYTHONHOME).toBeUndefined();
    expect(config.services.web?.env.PATH).toBe(`${root}/node_modules/.bin:/usr/bin:/bin`);
    expect(config.services.web?.env.VIRTUAL_ENV).toBeUndefined();
  });

  it('finds a virtualenv in a folder above the service (a uv workspace root, named venv), and never above the config', async () => {
    const root = dirs.create();
    write(root, { 'project/stackctl.yaml': CONFIG, 'project/apps/api/': '', 'project/apps/web/': '' });
    makeVenv(path.join(root, 'project/venv'));
    makeVenv(path.join(root, '.venv')); // above the config's folder: not the project's
    const { config } = await loadConfig({ cwd: path.join(root, 'project'), parentEnv: { PATH: `/usr/bin:${root}/project/venv/bin` } });
    expect(config.services.api?.env.PATH).toBe(`${root}/project/venv/bin:/usr/bin`);
    expect(config.services.api?.env.VIRTUAL_ENV).toBe(`${root}/project/venv`);
  });

  it('keeps a VIRTUAL_ENV the service sets, and adds nothing without a PATH (an export resolved without the shell)', async () => {
    const root = dirs.create();
    write(root, { 'stackctl.yaml': `${CONFIG}    env: { VIRTUAL_ENV: /opt/env }\n`, 'apps/api/': '', 'apps/web/node_modules/.bin/': '' });
    makeVenv(path.join(root, '.venv'));
    const withPath = await loadConfig({ cwd: root, parentEnv: { PATH: '/bin' } });
    expect(withPath.config.services.web?.env.VIRTUAL_ENV).toBe('/opt/env');
    expect(withPath.config.services.web?.env.PATH).toBe(`${root}/.venv/bin:${root}/apps/web/node_modules/.bin:/bin`);
    const without = await loadConfig({ cwd: root, parentEnv: {} });
    expect(without.config.services.api?.env.PATH).toBeUndefined();
    expect(without.config.services.api?.env.VIRTUAL_ENV).toBeUndefined();
  });
});
