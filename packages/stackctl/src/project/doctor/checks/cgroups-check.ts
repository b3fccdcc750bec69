// `cgroups`: whether each service gets its own cgroup here (Linux, a writable cgroup v2 tree), and why not when it does not.
import { locateCgroupBase, SYSTEM_CGROUP_SOURCES, type CgroupBase } from '../../../system/cgroup/index.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { ok } from '../findings.js';

export const cgroupsCheck: DoctorCheck = {
  id: 'cgroups',
  title: 'Each service gets its own cgroup',
  needs: 'nothing',
  async run(ctx) {
    // Looks only: nothing is created (a start makes the stackctl folder).
    const base = ctx.platform === 'linux' ? locateCgroupBase(SYSTEM_CGROUP_SOURCES, { create: false }) : null;
    return [cgroupFinding(base, ctx.platform)];
  },
};

/**
 * Pure: the verdict for what the locator found (null: not looked, another OS). Always `ok`: with
 * no cgroup, stop is weaker against processes that leave their group, but nothing needs fixing.
 */
export function cgroupFinding(base: CgroupBase | null, platform: NodeJS.Platform): Finding {
  if (base === null || (!base.available && platform !== 'linux')) {
    return ok(`no cgroups on ${platform}: stop reaches a service's processes through its process group and process tree`);
  }
  if (base.available) {
    const how = base.canKill ? 'stop ends with cgroup.kill' : 'stop SIGKILLs each member (no cgroup.kill before Linux 5.14)';
    return ok(`services run in their own cgroup under ${base.dir}: nothing they start escapes stop; ${how}`);
  }
  // Informational, not a warning: nothing is wrong with the project, and most non-root logins are like this.
  return ok(
    `services get no cgroup of their own: ${base.reason}; stop finds what leaves a service's process group through the process tree` +
      ' (as root, or under `systemd-run --user --scope stackctl start`, they get one)',
  );
}
