// The state-dir check on real files: a 0644 token and socket fixed by --fix, .stackctl/ missing from .gitignore in a git repo.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctor, findingWith, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const CONFIG = { 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' };

describe('state-dir check', () => {
  it('is fine before .stackctl/ exists', async () => {
    const root = project(CONFIG);
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir')).toEqual([
      expect.objectContaining({ status: 'ok', message: '.stackctl does not exist yet (stackctl creates it when it first starts a service)' }),
    ]);
  });

  it('fails for a token readable by others; --fix makes it 0600', async () => {
    const root = project({ ...CONFIG, '.stackctl/token': 'secret\n' });
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

  it('fails when .stackctl is a file', async () => {
    const root = project({ ...CONFIG, '.stackctl': 'oops' });
    expect(findingWith(await doctor(root, { checks: ['state-dir'] }), 'state-dir', 'is not a folder').status).toBe('fail');
  });

  it('in a git repository, warns when git does not ignore .stackctl/; --fix adds it to .gitignore', async () => {
    const root = project({ ...CONFIG, '.git/': '', '.stackctl/logs/': '', '.gitignore': 'node_modules' });
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
    const root = project({ ...CONFIG, '.git/': '', '.stackctl/.gitignore': '# written by stackctl\n*\n' });
    expect(findings(await doctor(root, { checks: ['state-dir'] }), 'state-dir').map((entry) => entry.status)).toEqual(['ok']);
  });
});
