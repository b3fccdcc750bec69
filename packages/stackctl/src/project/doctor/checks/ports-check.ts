// `ports`: each declared port is free or held by the service stackctl runs; another holder is named with pid, command and cwd.
import { describeProcess } from '../../../supervisor/describe-holder.js';
import { holdersOf } from '../../../supervisor/port-holders.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, listNames, ok, warn } from '../findings.js';
import { serviceOwnership } from '../service-processes.js';

/** How long a listener with no visible owner gets to go away before it is reported. */
const HIDDEN_OWNER_WAIT_MS = 1000;
const HIDDEN_OWNER_POLL_MS = 100;

export const portsCheck: DoctorCheck = {
  id: 'ports',
  title: 'Declared ports are free',
  needs: 'config',
  async run(ctx) {
    const config = ctx.config;
    if (config === null) return [];
    const services = Object.values(config.services).filter((service) => service.ports.length > 0);
    if (services.length === 0) return [ok('no service declares a port')];
    const inspector = ctx.portInspector();
    if (inspector === null) return [warn(`cannot see who listens on a port on ${ctx.platform}`, null)];
    const table = ctx.processTable();
    const ports = [...new Set(services.flatMap((service) => service.ports))].sort((a, b) => a - b);
    const [firstLook, ownership] = await Promise.all([inspector.listeners(ports), serviceOwnership(config.root, table)]);
    let listeners = firstLook;
    // A socket whose owner cannot be seen is most often a process still exiting (its fds no longer readable): look again for a moment.
    for (let waited = 0; waited < HIDDEN_OWNER_WAIT_MS && listeners.some((listener) => listener.pid === null); waited += HIDDEN_OWNER_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, HIDDEN_OWNER_POLL_MS));
      listeners = await inspector.listeners(ports);
    }

    const findings: Finding[] = [];
    const free: string[] = [];
    const ours: string[] = [];
    for (const service of services) {
      const isOwn = ownership(service.name);
      for (const port of service.ports) {
        const onPort = listeners.filter((listener) => listener.port === port);
        const label = `port ${port} (${service.name})`;
        if (onPort.length === 0) {
          free.push(String(port));
          continue;
        }
        const { holders, hidden } = holdersOf(onPort, isOwn);
        const ownPid = onPort.find((listener) => listener.pid !== null && isOwn(listener.pid))?.pid;
        const [holder] = holders;
        if (holder !== undefined) {
          const who = describeProcess(holder, { now: ctx.now(), home: ctx.home });
          findings.push(
            fail(
              `${label} is held by ${who}`,
              `\`stackctl start ${service.name} --adopt\` to track it as ${service.name}, \`stackctl start ${service.name} --replace\` to stop it and start ${service.name}, or \`kill ${holder.pid}\``,
            ),
          );
        } else if (hidden.length > 0) {
          findings.push(fail(`${label} is held by a process this user cannot see`, `free port ${port} (\`sudo ss -ltnp 'sport = :${port}'\` names it), or give ${service.name} another port`));
        } else {
          ours.push(`${port} (${service.name}, pid ${ownPid ?? '?'})`);
        }
      }
    }
    const summary = [free.length > 0 ? `free: ${listNames(free, 8)}` : null, ours.length > 0 ? `held by their services: ${listNames(ours)}` : null];
    if (summary.some((part) => part !== null)) findings.unshift(ok(`ports ${summary.filter((part) => part !== null).join('; ')}`));
    return findings;
  },
};
