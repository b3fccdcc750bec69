// Linux cgroup v2 for services: where they may go, one cgroup per service run, and how it is stopped and removed.
export { cgroupWrapper, waitForWrapperExec, CGROUP_WRAPPER_SCRIPT } from './cgroup-spawn.js';
export { hasCgroupKill, locateCgroupBase, ownCgroupDir, SYSTEM_CGROUP_SOURCES, type CgroupBase, type CgroupLocatorSources } from './locate-cgroup.js';
export { parseProcs, parsePopulated, parseUnifiedCgroup } from './parse-cgroup-files.js';
export { parseCgroup2Mounts, type Cgroup2Mount } from './parse-mountinfo.js';
export { ProjectCgroups, projectCgroupName, recordedCgroup, serviceCgroupName } from './project-cgroups.js';
export { ServiceCgroup } from './service-cgroup.js';
export { stopCgroup, type CgroupStopOptions, type CgroupStopResult } from './stop-cgroup.js';
