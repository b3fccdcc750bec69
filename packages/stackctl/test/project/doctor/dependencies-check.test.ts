// The dependencies check on real folders: packages missing from node_modules (hoisted ones count), a Python service without .venv.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryModules } from '../../../src/project/doctor/python-imports.js';
import { addModule, HAS_PYTHON_VENV, makeVenv } from '../../helpers/python-venv.js';
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
      expect.objectContaining({ status: 'fail', message: 'api: api/.venv is not a virtualenv (no bin/python)' }),
    ]);
  });

  it.runIf(HAS_PYTHON_VENV)('fails when the entry module does not import in the venv (a half-done install), passes once it does', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: uv run python manage.py runserver 8000\n    cwd: ./backend\n',
      'backend/requirements.txt': 'Django>=5\n',
      'backend/manage.py': '',
    });
    const sitePackages = makeVenv(path.join(root, 'backend', '.venv'));
    const failed = findings(await doctor(root, { checks: ['dependencies'] }), 'dependencies');
    expect(failed).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: "api: django does not import in backend/.venv (ModuleNotFoundError: No module named 'django')",
        fix: 'stackctl setup --force (or install requirements.txt into backend/.venv, in backend)',
      }),
    ]);
    addModule(sitePackages, 'django');
    expect(findings(await doctor(root, { checks: ['dependencies'] }), 'dependencies')).toEqual([
      expect.objectContaining({ status: 'ok', message: 'installed: backend/.venv' }),
    ]);
  });

  it.runIf(HAS_PYTHON_VENV)('uses a workspace root’s venv and checks the server program (uvicorn) and the framework (fastapi)', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: uvicorn main:app --port 8000\n    cwd: ./apps/api\n',
      'apps/api/pyproject.toml': '[project]\ndependencies = ["fastapi>=0.110", "uvicorn[standard]"]\n',
    });
    const sitePackages = makeVenv(path.join(root, '.venv'));
    addModule(sitePackages, 'uvicorn');
    expect(findings(await doctor(root, { checks: ['dependencies'] }), 'dependencies')).toEqual([
      expect.objectContaining({ status: 'fail', message: "api: fastapi does not import in .venv (ModuleNotFoundError: No module named 'fastapi')" }),
    ]);
  });
});

describe('entry modules', () => {
  it('reads the program, python -m and manage.py, behind uv/poetry run, and the frameworks required', () => {
    expect(entryModules('uv run uvicorn app.main:app --reload', '')).toEqual(['uvicorn']);
    expect(entryModules(['poetry', 'run', 'python', '-m', 'celery.bin', 'worker'], '')).toEqual(['celery']);
    expect(entryModules('DEBUG=1 python3 manage.py runserver', 'django==5\n')).toEqual(['django']);
    expect(entryModules('gunicorn wsgi:app', 'Flask\nflask-cors\n')).toEqual(['gunicorn', 'flask']);
    expect(entryModules('node server.js', '')).toEqual([]);
  });
});
