// The node check against real package.json files: the root's and each service's nearest, with this or another Node version.
import { describe, expect, it } from 'vitest';
import { doctor, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const CONFIG = 'services:\n  api:\n    command: node server.js\n    cwd: ./api/src\n  web:\n    command: node web.js\n    cwd: ./web\n';

describe('node check', () => {
  it('is fine when every engines.node is satisfied', async () => {
    const root = project({
      'stackctl.yaml': CONFIG,
      'package.json': JSON.stringify({ engines: { node: '>=18' } }),
      'api/package.json': JSON.stringify({ engines: { node: '^20 || ^22' } }),
      'api/src/': '',
      'web/': '',
    });
    const entries = findings(await doctor(root, { checks: ['node'], nodeVersion: '20.11.1' }), 'node');
    expect(entries).toEqual([
      expect.objectContaining({ status: 'ok', message: 'Node 20.11.1 satisfies ">=18" (package.json), "^20 || ^22" (api/package.json)' }),
    ]);
  });

  it('fails for the package.json whose range this Node misses, with what to install', async () => {
    const root = project({
      'stackctl.yaml': CONFIG,
      'package.json': JSON.stringify({ engines: { node: '>=18' } }),
      'api/package.json': JSON.stringify({ engines: { node: '>=22.3' } }),
      'api/src/': '',
      'web/package.json': JSON.stringify({ engines: { node: 'lts/*' } }),
    });
    const entries = findings(await doctor(root, { checks: ['node'], nodeVersion: '20.11.1' }), 'node');
    expect(entries.map((entry) => entry.status)).toEqual(['ok', 'fail', 'warn']);
    expect(entries[1]).toMatchObject({
      message: 'Node 20.11.1 does not satisfy engines.node ">=22.3" of api/package.json',
      fix: 'install Node 22 (e.g. `nvm install 22`)',
    });
    expect(entries[2]?.message).toBe('cannot check range "lts/*" (engines.node of web/package.json)');
  });

  it('says so when no package.json sets engines.node', async () => {
    const root = project({ 'stackctl.yaml': CONFIG, 'package.json': '{"name":"x"}', 'api/src/': '', 'web/': '' });
    const entries = findings(await doctor(root, { checks: ['node'], nodeVersion: '20.11.1' }), 'node');
    expect(entries).toEqual([expect.objectContaining({ status: 'ok', message: 'Node 20.11.1; no package.json sets engines.node' })]);
  });
});
