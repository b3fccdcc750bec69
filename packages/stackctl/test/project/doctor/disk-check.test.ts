// The disk check on the real file system of a temporary project, with the limits moved around the actual free space.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mountPoint } from '../../../src/project/doctor/checks/disk-check.js';
import { doctor, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

describe('disk check', () => {
  it('reads the free space of the project’s file system and judges it against the limits', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' });
    const stats = fs.statfsSync(root);
    const free = stats.bavail * stats.bsize;
    const mount = mountPoint(root);
    expect(fs.statSync(mount).dev).toBe(fs.statSync(root).dev);

    const fine = findings(await doctor(root, { checks: ['disk'], disk: { failBelow: 0, warnBelow: 1 } }), 'disk');
    expect(fine).toEqual([expect.objectContaining({ status: 'ok', message: expect.stringMatching(new RegExp(` free on ${mount}$`)) })]);
    const low = findings(await doctor(root, { checks: ['disk'], disk: { failBelow: 0, warnBelow: free * 2 } }), 'disk');
    expect(low[0]).toMatchObject({ status: 'warn', fix: `free some space on ${mount} (old builds, caches, logs in .stackctl/logs)` });
    const full = findings(await doctor(root, { checks: ['disk'], disk: { failBelow: free * 2, warnBelow: free * 4 } }), 'disk');
    expect(full[0]?.status).toBe('fail');
  });
});
