// The pure cgroup parsers and the locator's reasoning, on text captured from real systems.
import { describe, expect, it } from 'vitest';
import {
  ownCgroupDir,
  parseCgroup2Mounts,
  parsePopulated,
  parseProcs,
  parseUnifiedCgroup,
  projectCgroupName,
  serviceCgroupName,
  type CgroupLocatorSources,
} from '../../../src/system/cgroup/index.js';

/** A hybrid v1/v2 system (cgroup2 at /sys/fs/cgroup/unified), as captured on a CI machine. */
const HYBRID_MOUNTINFO = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;
const HYBRID_SELF = `9:name=systemd:/
4:memory:/process_api/fbdfe63e841f4b36aa6520f2bdcba814
1:cpu:/
0::/
`;
/** A pure-v2 desktop: optional fields (shared:…) before the separator. */
const PURE_V2_MOUNTINFO = `22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
26 22 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw
30 26 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`;
const DESKTOP_SELF = '0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope\n';
/** A container whose cgroup2 mount shows only its own sub-tree, the path with an escaped space. */
const CONTAINER_MOUNTINFO = `700 650 0:30 /kubepods/pod\\0401 /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup ro
`;

function sources(mountinfo: string, self: string, platform: NodeJS.Platform = 'linux'): CgroupLocatorSources {
  return { platform, readMountinfo: () => mountinfo, readOwnCgroup: () => self };
}

describe('parseCgroup2Mounts', () => {
  it('finds the cgroup2 mount among v1 ones, after optional fields, and unescapes octal', () => {
    expect(parseCgroup2Mounts(HYBRID_MOUNTINFO)).toEqual([{ mountPoint: '/sys/fs/cgroup/unified', root: '/' }]);
    expect(parseCgroup2Mounts(PURE_V2_MOUNTINFO)).toEqual([{ mountPoint: '/sys/fs/cgroup', root: '/' }]);
    expect(parseCgroup2Mounts(CONTAINER_MOUNTINFO)).toEqual([{ mountPoint: '/sys/fs/cgroup', root: '/kubepods/pod 1' }]);
    expect(parseCgroup2Mounts('garbage\n\n1 2 3\n')).toEqual([]);
  });
});

describe('parseUnifiedCgroup, parsePopulated, parseProcs', () => {
  it('reads the 0:: line and refuses a path outside our namespace', () => {
    expect(parseUnifiedCgroup(HYBRID_SELF)).toBe('/');
    expect(parseUnifiedCgroup(DESKTOP_SELF)).toContain('/user@1000.service/app.slice/');
    expect(parseUnifiedCgroup('4:memory:/x\n')).toBeNull();
    expect(parseUnifiedCgroup('0::/../../other.scope\n')).toBeNull();
  });

  it('reads cgroup.events and cgroup.procs', () => {
    expect(parsePopulated('populated 1\nfrozen 0\n')).toBe(true);
    expect(parsePopulated('populated 0\nfrozen 0\n')).toBe(false);
    expect(parsePopulated('frozen 0\n')).toBeNull();
    expect(parseProcs('30\n12\n30\n\n')).toEqual([12, 30]);
    expect(parseProcs('')).toEqual([]);
  });
});

describe('ownCgroupDir', () => {
  it('joins the mount point and our cgroup (hybrid root, pure-v2 desktop scope, container sub-tree)', () => {
    expect(ownCgroupDir(sources(HYBRID_MOUNTINFO, HYBRID_SELF))).toEqual({ dir: '/sys/fs/cgroup/unified' });
    expect(ownCgroupDir(sources(PURE_V2_MOUNTINFO, DESKTOP_SELF))).toEqual({
      dir: '/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope',
    });
    expect(ownCgroupDir(sources(CONTAINER_MOUNTINFO, '0::/kubepods/pod 1/app\n'))).toEqual({ dir: '/sys/fs/cgroup/app' });
  });

  it('says why not: another OS, cgroup v1 only, no v2 cgroup, a cgroup outside the mount', () => {
    expect(ownCgroupDir(sources('', '', 'darwin'))).toEqual({ reason: 'cgroups are a Linux feature (this is darwin)' });
    expect(ownCgroupDir(sources(HYBRID_MOUNTINFO.replace('cgroup2 cgroup2', 'cgroup cgroup'), HYBRID_SELF))).toEqual({
      reason: 'no cgroup v2 file system is mounted (cgroup v1 only)',
    });
    expect(ownCgroupDir(sources(HYBRID_MOUNTINFO, '4:memory:/x\n'))).toEqual({ reason: 'this process is in no cgroup v2 it can see' });
    expect(ownCgroupDir(sources(CONTAINER_MOUNTINFO, '0::/elsewhere\n'))).toMatchObject({ reason: expect.stringContaining('outside') });
    const unreadable: CgroupLocatorSources = {
      platform: 'linux',
      readMountinfo: () => {
        throw Object.assign(new Error('no /proc'), { code: 'ENOENT' });
      },
      readOwnCgroup: () => '',
    };
    expect(ownCgroupDir(unreadable)).toEqual({ reason: 'cannot read /proc (ENOENT)' });
  });
});

describe('cgroup names', () => {
  it('keeps two projects of one name in different folders apart, and makes any name safe', () => {
    expect(projectCgroupName('demo', '/home/a/demo')).toMatch(/^demo-[0-9a-f]{8}$/);
    expect(projectCgroupName('demo', '/home/a/demo')).not.toBe(projectCgroupName('demo', '/home/b/demo'));
    expect(projectCgroupName('../x/cgroup.procs', '/p')).toMatch(/^___x_cgroup_procs-[0-9a-f]{8}$/);
    expect(serviceCgroupName('api')).toBe('api');
    expect(serviceCgroupName('a.b')).toMatch(/^a_b-[0-9a-f]{6}$/);
    expect(serviceCgroupName('a.b')).not.toBe(serviceCgroupName('a_b'));
    expect(serviceCgroupName('')).toMatch(/^_-[0-9a-f]{6}$/);
  });
});
