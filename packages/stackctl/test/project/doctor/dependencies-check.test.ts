// The dependencies check on real folders: packages missing from node_modules (hoisted ones count), a Python service without .venv.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctor, findingWith, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const pkg = (dependencies: Record<string, string>, devDependencies: Record<string, string> = {}): string => JSON.stringify({ dependencies, devDependencies });

describe('dependencies check', () => {
  it('fails when node_modules is missing beside a package.json with dependencies, with the lockfile’s install command', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    cwd: ./api\n',
      'api/package.json': pkg({ express: '^4' }, { vitest: '^4' }),
      'api/yarn.lock': '',
    });
    const report = await doctor(root, { checks: ['dependencies'] });
    expect(findings(report, 'dependencies')).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: 'node_modules is missing for api/package.json (2 dependencies)',
        fix: 'stackctl setup (or `yarn install` in api)',
      }),
    ]);
  });

  it('names the packages not installed, and counts hoisted ones (workspaces) as installed', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    cwd: ./api\n',
      'package.json': pkg({}, { typescript: '^5' }),
      'node_modules/typescript/': '',
      'node_modules/express/': '',
      'api/package.json': pkg({ express: '^4', zod: '^4', '@scope/lib': '1' }),
      'api/node_modules/@scope/lib/': '',
    });
    const report = await doctor(root, { checks: ['dependencies'] });
    expect(findingWith(report, 'dependencies', 'zod')).toMatchObject({ status: 'fail', message: '1 of 3 dependencies of api/package.json are not installed: zod' });
    expect(findingWith(report, 'dependencies', 'installed:').message).toBe('installed: package.json');
    fs.mkdirSync(path.join(root, 'api', 'node_modules', 'zod'));
    expect(findings(await doctor(root, { checks: ['dependencies'] }), 'dependencies')).toEqual([
      expect.objectContaining({ status: 'ok', message: 'installed: package.json and api/package.json' }),
    ]);
  });

  it('fails for a Python service with requirements and no .venv; leaves `setup: false` services alone', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: uvicorn main:app\n    cwd: ./api\n  legacy:\n    command: node x.js\n    cwd: ./legacy\n    setup: false\n',
      'api/requirements.txt': 'fastapi\n',
      'legacy/package.json': pkg({ left: '1' }),
    });
    const report = await doctor(root, { checks: ['dependencies'] });
    expect(findings(report, 'dependencies')).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: 'api has requirements.txt but no .venv in api',
        fix: 'stackctl setup (or `python3 -m venv .venv` and install requirements.txt into it, in api)',
      }),
    ]);
    fs.mkdirSync(path.join(root, 'api', '.venv'));
    expect(findings(await doctor(root, { checks: ['dependencies'] }), 'dependencies')).toEqual([
      expect.objectContaining({ status: 'ok', message: 'installed: api/.venv' }),
    ]);
  });
});
