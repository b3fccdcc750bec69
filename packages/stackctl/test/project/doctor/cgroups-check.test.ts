// The cgroups check: its verdict for each thing the locator can find, and what it says on this machine.
import { describe, expect, it } from 'vitest';
import { cgroupFinding } from '../../../src/project/doctor/checks/cgroups-check.js';
import { hasCgroupKill, locateCgroupBase } from '../../../src/system/cgroup/index.js';

describe('cgroups check', () => {
  it('says where services get their cgroup, and how stop ends', () => {
    expect(cgroupFinding({ available: true, dir: '/sys/fs/cgroup/stackctl', canKill: true }, 'linux')).toEqual({
      status: 'ok',
      message: 'services run in their own cgroup under /sys/fs/cgroup/stackctl: nothing they start escapes stop; stop ends with cgroup.kill',
      fix: null,
    });
    expect(cgroupFinding({ available: true, dir: '/x/stackctl', canKill: false }, 'linux').message).toMatch(/SIGKILLs each member/);
  });

  it('on Linux without a writable cgroup says why and how to get one (informational); another OS is as expected', () => {
    const finding = cgroupFinding({ available: false, reason: 'our cgroup /sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope is not writable (EACCES)' }, 'linux');
    expect(finding.status).toBe('ok');
    expect(finding.message).toMatch(/^services get no cgroup of their own: .*session-2.scope is not writable \(EACCES\); stop finds/);
    expect(finding.message).toMatch(/systemd-run --user --scope/);
    expect(cgroupFinding(null, 'darwin')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^no cgroups on darwin/) });
  });

  it('tells cgroup.kill by the kernel release', () => {
    expect(hasCgroupKill('6.18.44-fc-v1300')).toBe(true);
    expect(hasCgroupKill('5.14.0-284.el9.x86_64')).toBe(true);
    expect(hasCgroupKill('5.10.0-28-amd64')).toBe(false);
    expect(hasCgroupKill('4.19.0')).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('matches what the locator finds on this machine', () => {
    const looked = locateCgroupBase(undefined, { create: false });
    const finding = cgroupFinding(looked, 'linux');
    expect(finding.message).toMatch(looked.available ? /^services run in their own cgroup under / : /^services get no cgroup/);
  });
});
