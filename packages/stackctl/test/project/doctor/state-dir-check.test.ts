// The state-dir check on real files: modes of every folder and file (a 0644 token, a 0755 folder) fixed by --fix, .stackctl/ missing from .gitignore in a git repo.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tightenTree } from '../../../src/system/private-files.js';
import { doctor, findingWith, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const CONFIG = { 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' };

/** `project()` with its `.stackctl/` made private (0700 folders, 0600 files), as stackctl leaves it. */
function privateProject(files: Record<string, string>): string {
  const root = project(files);
  const dir = path.join(root, '.stackctl');
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true) {
    fs.chmodSync(dir, 0o700);
    tightenTree(dir);
  }
  return root;
}

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

describe('state-dir check', () => {
  it('is fine before .stackctl/ exists', async () => {
    const root = project(CONFIG);
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir')).toEqual([
      expect.objectContaining({ status: 'ok', message: '.stackctl does not exist yet (stackctl creates it when it first starts a service)' }),
    ]);
  });

  it('fails for a token readable by others; --fix makes it 0600', async () => {
    const root = privateProject({ ...CONFIG, '.stackctl/token': 'secret\n' });
    const token = path.join(root, '.stackctl', 'token');
    fs.chmodSync(token, 0o644);
    const report = await doctor(root, { checks: ['state-dir'] });
    expect(findings(report, 'state-dir')).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: '.stackctl/token has mode 0644: other users can read it',
        fix: '`chmod 600 .stackctl/token` (`stackctl doctor --fix` does it)',
      }),
    ]);
    const fixed = await doctor(root, { checks: ['state-dir'], fix: true });
    expect(fixed.fixed).toEqual(['chmod 600 .stackctl/token']);
    expect(fs.statSync(token).mode & 0o777).toBe(0o600);
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir')).toEqual([
      expect.objectContaining({ status: 'ok', message: '.stackctl is writable and private' }),
    ]);
  });

  it('checks the actual mode of the folder, its sub-folders and every file in them; --fix makes each private', async () => {
    const root = project({ ...CONFIG, '.stackctl/logs/api.log': 'SECRET_TOKEN=1\n', '.stackctl/logs/stackctl.log': '{}\n' });
    const dir = path.join(root, '.stackctl');
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'logs'), 0o755);
    fs.chmodSync(path.join(dir, 'logs', 'api.log'), 0o644);
    fs.chmodSync(path.join(dir, 'logs', 'stackctl.log'), 0o600);
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir').map(({ status, message, fix }) => ({ status, message, fix }))).toEqual([
      { status: 'fail', message: '.stackctl has mode 0755: other users can list it', fix: '`chmod 700 .stackctl` (`stackctl doctor --fix` does it)' },
      { status: 'fail', message: '.stackctl/logs has mode 0755: other users can list it', fix: '`chmod 700 .stackctl/logs` (`stackctl doctor --fix` does it)' },
      { status: 'fail', message: '.stackctl/logs/api.log has mode 0644: other users can read it', fix: '`chmod 600 .stackctl/logs/api.log` (`stackctl doctor --fix` does it)' },
    ]);
    const fixed = await doctor(root, { checks: ['state-dir'], fix: true });
    expect(fixed.fixed).toEqual(['chmod 700 .stackctl', 'chmod 700 .stackctl/logs', 'chmod 600 .stackctl/logs/api.log']);
    expect([mode(dir), mode(path.join(dir, 'logs')), mode(path.join(dir, 'logs', 'api.log'))]).toEqual([0o700, 0o700, 0o600]);
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir').map((entry) => entry.message)).toEqual(['.stackctl is writable and private']);
  });

  it('sums many open entries up in one finding; --fix narrows them all (symlinks left alone)', async () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`.stackctl/logs/api.log.${i + 1}`, 'line\n']));
    const root = project({ ...CONFIG, ...files, 'outside.txt': 'not ours to change\n' });
    const dir = path.join(root, '.stackctl');
    fs.chmodSync(path.join(root, 'outside.txt'), 0o644);
    fs.symlinkSync(path.join(root, 'outside.txt'), path.join(dir, 'link'));
    for (const name of Object.keys(files)) fs.chmodSync(path.join(root, name), 0o644);
    const [only, ...rest] = findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir');
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      status: 'fail',
      message: '10 files and folders in .stackctl are open to other users: .stackctl (0755), .stackctl/logs (0755), .stackctl/logs/api.log.1 (0644), .stackctl/logs/api.log.2 (0644) and 6 more',
      fix: '`chmod -R go= .stackctl` (`stackctl doctor --fix` does it)',
    });
    expect((await doctor(root, { checks: ['state-dir'], fix: true })).fixed).toEqual(['chmod -R go= .stackctl']);
    for (const name of Object.keys(files)) expect(mode(path.join(root, name))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(root, 'outside.txt'))).toBe(0o644);
  });

  it('fails when .stackctl is a file', async () => {
    const root = project({ ...CONFIG, '.stackctl': 'oops' });
    expect(findingWith(await doctor(root, { checks: ['state-dir'] }), 'state-dir', 'is not a folder').status).toBe('fail');
  });

  it('in a git repository, warns when git does not ignore .stackctl/; --fix adds it to .gitignore', async () => {
    const root = privateProject({ ...CONFIG, '.git/': '', '.stackctl/logs/': '', '.gitignore': 'node_modules' });
    const report = await doctor(root, { checks: ['state-dir'] });
    expect(findingWith(report, 'state-dir', '.gitignore')).toMatchObject({
      status: 'warn',
      message: '.stackctl is not in .gitignore: git would pick up logs, sockets and the token',
      fix: 'add `.stackctl/` to .gitignore (`stackctl doctor --fix` does it)',
    });
    const fixed = await doctor(root, { checks: ['state-dir'], fix: true });
    expect(fixed.fixed).toEqual(['added .stackctl/ to .gitignore']);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('node_modules\n.stackctl/\n');
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir').map((entry) => entry.status)).toEqual(['ok']);
  });

  it('counts the folder’s own .gitignore of `*` (what stackctl writes) as ignored', async () => {
    const root = privateProject({ ...CONFIG, '.git/': '', '.stackctl/.gitignore': '# written by stackctl\n*\n' });
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir').map((entry) => entry.status)).toEqual(['ok']);
  });
});
