// The runner: a check that throws or hangs becomes a warning without stopping the others; --fix reports what it did.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, doctorExitCode } from '../../../src/project/doctor/index.js';
import { doctor, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const CONFIG = { 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    port: 4999\n' };

describe('runDoctor', () => {
  it('runs every check, in a fixed order, when none is named', async () => {
    const report = await doctor(project(CONFIG));
    expect([...new Set(report.entries.map((entry) => entry.id))]).toEqual(CHECK_IDS);
    expect(report.counts.ok + report.counts.warn + report.counts.fail).toBe(report.entries.length);
  });

  it('turns a check that throws into a warning saying why, and still runs the others', async () => {
    const root = project(CONFIG);
    const report = await doctor(root, {
      checks: ['ports', 'disk'],
      portInspector: { listeners: () => Promise.reject(new Error('cannot read /proc/net/tcp')) },
    });
    expect(findings(report, 'ports')).toEqual([
      expect.objectContaining({ status: 'warn', message: 'the check could not run: cannot read /proc/net/tcp', fix: null }),
    ]);
    expect(findings(report, 'disk')).toHaveLength(1);
    expect(doctorExitCode(report, { strict: false })).toBe(0);
    expect(doctorExitCode(report, { strict: true })).toBe(1);
  });

  it('gives up on a check that does not finish in time', async () => {
    const started = Date.now();
    const report = await doctor(project(CONFIG), {
      checks: ['ports', 'disk'],
      portInspector: { listeners: () => new Promise(() => {}) },
      checkTimeoutMs: 200,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(findings(report, 'ports')).toEqual([expect.objectContaining({ status: 'warn', message: 'the check did not finish within 0.2s' })]);
    expect(findings(report, 'disk')[0]?.status).toBe('ok');
  });

  it('with --fix, applies every safe fix and counts what is left', async () => {
    const root = project({ ...CONFIG, '.git/': '', '.stackctl/token': 't', '.stackctl/daemon.pid': '999999999\n' });
    fs.chmodSync(path.join(root, '.stackctl', 'token'), 0o640);
    const before = await doctor(root, { checks: ['state-dir', 'run-records'] });
    // Failing: the folder (0755, as mkdir makes it), the pid file (0644) and the token (0640) are open to others.
    expect(before.counts).toMatchObject({ fail: 3, warn: 2 });
    const after = await doctor(root, { checks: ['state-dir', 'run-records'], fix: true });
    expect(after.fixed).toEqual([
      'removed the stale .stackctl/daemon.pid',
      'chmod 700 .stackctl',
      '.stackctl/daemon.pid is gone',
      'chmod 600 .stackctl/token',
      'added .stackctl/ to .gitignore',
    ]);
    expect(after.counts).toMatchObject({ fail: 0, warn: 0 });
    expect((await doctor(root, { checks: ['state-dir', 'run-records'] })).counts).toMatchObject({ fail: 0, warn: 0 });
  });
});
