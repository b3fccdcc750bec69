// Pure parser for Windows `netstat -ano` output: the TCP sockets that are listening, with their PID.
import type { PortListener } from './port-inspector.js';
import { splitHostPort } from './split-host-port.js';

/** The arguments the parser expects (TCP over IPv4 and IPv6 in one run; UDP rows are skipped). */
export const NETSTAT_ARGS = ['-ano'] as const;

/**
 * Keeps `TCP` rows whose state is LISTENING — or, since Windows translates the state column
 * (`ABHÖREN`, `ÉCOUTE`, …), whose foreign address has port 0, which only listening sockets show.
 */
export function parseNetstatOutput(text: string): PortListener[] {
  const listeners: PortListener[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length !== 5 || cols[0]?.toUpperCase() !== 'TCP') continue;
    const [, localText, foreignText, state, pidText] = cols;
    const local = splitHostPort(localText ?? '');
    const foreign = splitHostPort(foreignText ?? '');
    const listening = state?.toUpperCase() === 'LISTENING' || foreign?.port === 0;
    if (local === null || !listening || !/^\d+$/.test(pidText ?? '')) continue;
    const pid = Number(pidText);
    listeners.push({ port: local.port, address: local.host, family: local.family, pid: pid === 0 ? null : pid });
  }
  return listeners;
}
