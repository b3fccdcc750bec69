// `disk`: free space on the project's file system: below 200 MB a failure, below 1 GB a warning.
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../../../output/format-figures.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, ok, warn } from '../findings.js';

export const DISK_FAIL_BELOW = 200 * 1024 * 1024;
export const DISK_WARN_BELOW = 1024 * 1024 * 1024;

export const diskCheck: DoctorCheck = {
  id: 'disk',
  title: 'Enough free disk space',
  needs: 'nothing',
  async run(ctx) {
    const folder = ctx.root ?? ctx.cwd;
    const stats = fs.statfsSync(folder);
    return [diskFinding(stats.bavail * stats.bsize, mountPoint(folder), ctx.disk)];
  },
};

/** Pure: the verdict for `free` bytes on the file system mounted at `mount`. */
export function diskFinding(free: number, mount: string, limits: { readonly failBelow: number; readonly warnBelow: number }): Finding {
  const message = `${formatBytes(free)} free on ${mount}`;
  const fix = `free some space on ${mount} (old builds, caches, logs in .stackctl/logs)`;
  if (free < limits.failBelow) return fail(`${message} (below ${formatBytes(limits.failBelow)}: logs and builds will fail)`, fix);
  if (free < limits.warnBelow) return warn(`${message} (below ${formatBytes(limits.warnBelow)})`, fix);
  return ok(message);
}

/** The mount point holding `folder`: the highest folder above it on the same device. */
export function mountPoint(folder: string): string {
  let current = path.resolve(folder);
  const device = fs.statSync(current).dev;
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current || fs.statSync(parent, { throwIfNoEntry: false })?.dev !== device) return current;
    current = parent;
  }
}
