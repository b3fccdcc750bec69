// The config check and how the runner treats a config that does not load: every problem with file:line, dependent checks skipped.
import { describe, expect, it } from 'vitest';
import { doctorExitCode } from '../../../src/project/doctor/index.js';
import { doctor, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

describe('config check', () => {
  it('says the config is valid and how many services it has', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n  web:\n    command: node web.js\n' });
    const [entry] = findings(await doctor(root, { checks: ['config'] }), 'config');
    expect(entry).toMatchObject({ status: 'ok', message: 'stackctl.yaml is valid (2 services)', fix: null });
  });

  it('fails once per problem with file:LINE:COL path: message, and skips the checks that need the config', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    port: 99999\n  web:\n    command: node web.js\n    depends_on: [nope]\n',
    });
    const report = await doctor(root);
    const config = findings(report, 'config');
    expect(config.map((entry) => entry.status)).toEqual(['fail', 'fail']);
    expect(config[0]?.message).toMatch(/^stackctl\.yaml:4:11 services\.api\.port: /);
    expect(config[0]?.fix).toBe('edit stackctl.yaml:4; every key is described in README.md "Configuration"');
    expect(config[1]?.message).toMatch(/^stackctl\.yaml:7:\d+ services\.web\.depends_on/);
    // Checks that need the loaded config do not run; those that need only the folder (or nothing) do.
    const ran = new Set(report.entries.map((entry) => entry.id));
    for (const id of ['node', 'tools', 'dependencies', 'env', 'ports', 'database']) expect(ran.has(id), id).toBe(false);
    for (const id of ['run-records', 'disk', 'state-dir']) expect(ran.has(id), id).toBe(true);
    expect(doctorExitCode(report, { strict: false })).toBe(1);
  });

  it('reports the config when only a check that needs it was asked for', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    comand: node server.js\n' });
    const report = await doctor(root, { checks: ['ports'] });
    expect(report.entries.map((entry) => entry.id)).toEqual(['config', 'config']);
    expect(report.entries.map((entry) => entry.message).join('\n')).toContain('services.api.comand');
  });

  it('fails with `stackctl init` when there is no config at all', async () => {
    const root = project({ 'readme.txt': 'nothing here' });
    const report = await doctor(root);
    expect(findings(report, 'config')).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('no stackctl.yaml'), fix: 'run stackctl init, or pass --config' }),
    ]);
    expect(report.entries.map((entry) => entry.id)).toEqual(['config', 'disk', 'cgroups']);
  });

  it('rejects an unknown check id with E_USAGE and a suggestion', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' });
    await expect(doctor(root, { checks: ['prots'] })).rejects.toMatchObject({ code: 'E_USAGE', message: 'unknown check "prots"', hint: 'did you mean ports?' });
  });
});
